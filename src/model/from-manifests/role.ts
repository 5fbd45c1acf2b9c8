/**
 * What a workload is, from what it runs, not from its name: the Datadog node agent and cluster
 * agent images (any registry: gcr.io/datadoghq, registry.datadoghq.com, public.ecr.aws/datadog,
 * docker.io/datadog, mirrors), else the chart's and operator's component labels.
 */
import type { Container, Role } from '../types.js';

function imageName(image: string | undefined): string {
  if (!image) return '';
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const tagColon = withoutDigest.indexOf(':', lastSlash + 1);
  return (tagColon >= 0 ? withoutDigest.slice(0, tagColon) : withoutDigest).toLowerCase();
}

const NODE_AGENT_IMAGES = new Set(['agent', 'datadog-agent', 'docker-dd-agent']);
const basename = (name: string) => name.slice(name.lastIndexOf('/') + 1);
const isDatadogImage = (name: string) => /datadog/.test(name) || !name.includes('/');

export function workloadRole(containers: Container[], labels: Record<string, string>): Role {
  const images = containers.filter((c) => !c.init).map((c) => imageName(c.image));
  if (images.some((n) => basename(n) === 'cluster-agent' && isDatadogImage(n))) return 'cluster-agent';
  if (images.some((n) => NODE_AGENT_IMAGES.has(basename(n)) && isDatadogImage(n))) return 'node-agent';
  const component = labels['agent.datadoghq.com/component'] ?? (labels['app.kubernetes.io/name'] === 'datadog' ? labels['app.kubernetes.io/component'] : undefined);
  if (component === 'agent') return 'node-agent';
  if (component === 'cluster-agent') return 'cluster-agent';
  return 'app';
}
