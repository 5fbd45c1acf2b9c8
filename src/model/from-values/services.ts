/** The Services the chart renders (templates/agent-services.yaml, datadog-facts §10). */
import type { ServiceModel, ServicePort } from '../types.js';
import type { ValuesContext } from './context.js';
import { clusterAgentDeployed } from './cluster-agent.js';
import { apmPort, dogstatsdPort, otlpPorts, rawPorts } from './ports.js';

/**
 * The agent's local Service (internalTrafficPolicy Local), named agents.localService.overrideName
 * or FULL. The chart renders it for Kubernetes >= 1.22 (or forceLocalServiceEnabled): dd-lint
 * assumes a current cluster.
 */
function localService(ctx: ValuesContext): ServiceModel | undefined {
  if (!ctx.truthy('agents.enabled')) return undefined;
  const override = ctx.value('agents.localService.overrideName');
  const name = typeof override === 'string' && override ? override : ctx.fullname;
  const asServicePort = (p: { containerPort: number; protocol: ServicePort['protocol']; name?: string; origin: ServicePort['origin'] }): ServicePort => ({
    port: p.containerPort,
    protocol: p.protocol,
    ...(p.name ? { name: p.name } : {}),
    origin: p.origin,
  });
  const ports = [dogstatsdPort(ctx), apmPort(ctx), ...otlpPorts(ctx), ...(ctx.truthy('datadog.otelCollector.enabled') ? rawPorts(ctx, 'datadog.otelCollector.ports') : [])];
  return {
    ref: { kind: 'Service', name, namespace: ctx.namespace },
    type: 'ClusterIP',
    ports: ports.map(asServicePort),
    origin: ctx.origin('agents.localService'),
  };
}

function clusterAgentServices(ctx: ValuesContext): ServiceModel[] {
  if (!clusterAgentDeployed(ctx)) return [];
  const origin = ctx.origin('clusterAgent.enabled');
  const service = (name: string, port: number): ServiceModel => ({
    ref: { kind: 'Service', name, namespace: ctx.namespace },
    type: 'ClusterIP',
    ports: [{ port, protocol: 'TCP', origin }],
    origin,
  });
  return [
    service(`${ctx.fullname}-cluster-agent`, 5005),
    ...(ctx.truthy('clusterAgent.admissionController.enabled') ? [service(`${ctx.fullname}-cluster-agent-admission-controller`, 443)] : []),
  ];
}

export function chartServices(ctx: ValuesContext): ServiceModel[] {
  const local = localService(ctx);
  return [...(local ? [local] : []), ...clusterAgentServices(ctx)];
}
