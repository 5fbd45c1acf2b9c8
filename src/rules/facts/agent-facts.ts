/** Questions several rules ask of the model's agent workloads. */
import type { Container, EnvVar, Model, ObjectRef, Workload } from '../../model/types.js';
import type { RelatedLocation } from '../../model/finding.js';
import type { Origin } from '../../model/location.js';
import { groupBy, perList } from './list-index.js';

export const nodeAgents = (model: Model): Workload[] => workloadsOfRole(model, 'node-agent');
export const clusterAgents = (model: Model): Workload[] => workloadsOfRole(model, 'cluster-agent');

/** Workloads by role, once per list of workloads (rules ask for the agents near each app). */
const byRole = perList((workloads: Workload[]) => groupBy(workloads, (w) => w.role));
function workloadsOfRole(model: Model, role: Workload['role']): Workload[] {
  return byRole(model.workloads).get(role)?.slice() ?? []; // a copy: callers may sort or filter in place
}
export const mainContainers = (w: Workload): Container[] => w.containers.filter((c) => !c.init);

/** The env entry the process sees for `name`: Kubernetes keeps the last of duplicate names. */
export function effectiveEnv(container: Container, name: string): EnvVar | undefined {
  for (let i = container.env.length - 1; i >= 0; i--) if (container.env[i]!.name === name) return container.env[i];
  return undefined;
}

/** The agent's boolean parsing of a setting (Go strconv.ParseBool, as its config loader uses). */
export function agentBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(v)) return false;
  return undefined;
}

/** Agent containers that send data to Datadog over TLS themselves (system-probe does not). */
export const SENDING_CONTAINERS = new Set(['agent', 'trace-agent', 'process-agent', 'security-agent', 'otel-agent', 'agent-data-plane', 'host-profiler', 'private-action-runner']);

/** Whether two objects can be in one cluster: not when they come from two different releases. */
export const meet = (a: ObjectRef, b: ObjectRef): boolean => a.release === undefined || b.release === undefined || a.release === b.release;

export function objectName(w: Workload): string {
  return `${w.ref.kind} ${w.ref.namespace}/${w.ref.name}`;
}

export function related(origin: Origin, message: string): RelatedLocation {
  return { file: origin.file, line: origin.line, column: origin.column, ...(origin.source ? { source: origin.source } : {}), message };
}

/**
 * True when the node agent serves `port`/`protocol` on the node's own address: a hostPort, or a
 * declared container port while the pod shares the node's network namespace.
 */
export function listensOnHost(agent: Workload, port: number, protocol: string): boolean {
  return mainContainers(agent).some((c) =>
    c.ports.some((p) => p.protocol === protocol && (p.hostPort === port || (agent.hostNetwork.value && p.containerPort === port))),
  );
}
