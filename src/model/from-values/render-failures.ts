/**
 * Values that make `helm template` itself fail for the datadog chart (datadog-facts §9): the
 * chart's own `fail` guards and template type errors that dd-lint can see without rendering.
 */
import { isObject } from '../../json.js';
import type { RenderFailure } from '../types.js';
import type { ValuesContext } from './context.js';

const ENV_LISTS = ['datadog.env', 'clusterAgent.env', ...['agent', 'traceAgent', 'processAgent', 'systemProbe', 'securityAgent', 'otelAgent', 'agentDataPlane', 'hostProfiler', 'privateActionRunner'].map((c) => `agents.containers.${c}.env`)];

export function renderFailures(ctx: ValuesContext): RenderFailure[] {
  const out: RenderFailure[] = [];
  const token = ctx.value('clusterAgent.token');
  if (ctx.truthy('clusterAgent.token') && typeof token !== 'string' && !ctx.truthy('clusterAgent.tokenExistingSecret')) {
    out.push({
      message: `clusterAgent.token is a ${typeof token}, not a string: the chart's \`b64enc\` fails ("wrong type for value; expected string") and helm template/install aborts. Quote the token.`,
      origin: ctx.origin('clusterAgent.token'),
    });
  }
  for (const path of ENV_LISTS) {
    const list = ctx.value(path);
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '') {
        out.push({
          message: `${path}[${index}] has no \`name\`: the chart fails ("env entry must have a name") and helm template/install aborts.`,
          origin: ctx.origin([...path.split('.'), index]),
        });
      }
    });
  }
  const host = ctx.value('datadog.kubelet.host');
  if (host !== undefined && host !== null && !isObject(host)) {
    out.push({
      message: `datadog.kubelet.host must be a map (\`valueFrom:\` or \`value:\`); a bare ${typeof host} renders an invalid DD_KUBERNETES_KUBELET_HOST entry and the manifest fails to parse.`,
      origin: ctx.origin('datadog.kubelet.host'),
    });
  }
  return out;
}
