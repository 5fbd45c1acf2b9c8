/** The pod template of a workload object, read into the model's Container/Workload shape. */
import { isObject, type JsonObject } from '../../json.js';
import type { ValuesPath } from '../../load/path.js';
import type { Container, EnvFromConfigMap, EnvVar, Fact, Port, Protocol, VolumeMount } from '../types.js';
import { valueFrom } from '../from-values/env.js';
import { list, obj, str, type ObjectContext } from './object-context.js';

/** Where each kind keeps its pod spec (and its pod template metadata). */
export const POD_SPEC_PATHS: Record<string, ValuesPath> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

// A loop and assignments, not flatMap and conditional spreads (which made each entry a slow
// dictionary object): an agent DaemonSet has ~100 env entries and ~50 mounts, and the webhook
// models one per admission request.
/** What `read` makes of each mapping in the list at `path`, in order (undefined: skipped). */
function readList<T>(ctx: ObjectContext, path: ValuesPath, read: (entry: JsonObject, index: number) => T | undefined): T[] {
  const out: T[] = [];
  const entries = list(ctx.value(path));
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    const item = isObject(entry) ? read(entry, index) : undefined;
    if (item !== undefined) out.push(item);
  }
  return out;
}

const envVars = (ctx: ObjectContext, path: ValuesPath): EnvVar[] =>
  readList(ctx, path, (entry, index) => {
    if (typeof entry.name !== 'string') return undefined;
    const origin = ctx.origin([...path, index]);
    if (isObject(entry.valueFrom)) return Object.assign(valueFrom(entry.valueFrom), { name: entry.name, origin });
    return { name: entry.name, value: entry.value == null ? '' : String(entry.value), origin };
  });

const envFromConfigMaps = (ctx: ObjectContext, path: ValuesPath): EnvFromConfigMap[] =>
  readList(ctx, path, (entry, index) => {
    const name = isObject(entry.configMapRef) ? str(entry.configMapRef.name) : undefined;
    return name ? { configMap: name, prefix: str(entry.prefix) ?? '', origin: ctx.origin([...path, index]) } : undefined;
  });

const strings = (value: unknown): string[] => list(value).map((v) => (typeof v === 'string' ? v : String(v ?? '')));

const ports = (ctx: ObjectContext, path: ValuesPath): Port[] =>
  readList(ctx, path, (entry, index) => {
    if (typeof entry.containerPort !== 'number') return undefined;
    const protocol: Protocol = entry.protocol === 'UDP' || entry.protocol === 'SCTP' ? entry.protocol : 'TCP';
    const port: Port = { containerPort: entry.containerPort, protocol, origin: ctx.origin([...path, index, 'containerPort']) };
    if (typeof entry.hostPort === 'number' && entry.hostPort > 0) port.hostPort = entry.hostPort;
    if (str(entry.name)) port.name = entry.name as string;
    return port;
  });

const mounts = (ctx: ObjectContext, path: ValuesPath): VolumeMount[] =>
  readList(ctx, path, (entry, index) =>
    typeof entry.mountPath === 'string' ? { name: String(entry.name ?? ''), mountPath: entry.mountPath, origin: ctx.origin([...path, index, 'mountPath']) } : undefined,
  );

export function podContainers(ctx: ObjectContext, spec: ValuesPath): Container[] {
  const read = (field: 'containers' | 'initContainers') =>
    readList(ctx, [...spec, field], (c, index): Container => {
      const base = [...spec, field, index];
      const container: Container = {
        name: str(c.name) ?? `#${index}`,
        init: field === 'initContainers',
        env: envVars(ctx, [...base, 'env']),
        ports: ports(ctx, [...base, 'ports']),
        volumeMounts: mounts(ctx, [...base, 'volumeMounts']),
        origin: ctx.origin(base),
      };
      if (str(c.image)) container.image = c.image as string;
      const envFrom = envFromConfigMaps(ctx, [...base, 'envFrom']);
      if (envFrom.length > 0) container.envFrom = envFrom;
      const commandLine = [...strings(c.command), ...strings(c.args)];
      if (commandLine.length > 0) container.commandLine = commandLine;
      return container;
    });
  return [...read('containers'), ...read('initContainers')];
}

/** Labels or annotations of the pod template (or of the Pod itself), each with where it is written. */
export function podMetadata(ctx: ObjectContext, spec: ValuesPath, field: 'labels' | 'annotations'): Record<string, Fact<string>> {
  const meta = spec.length > 1 ? [...spec.slice(0, -1), 'metadata', field] : ['metadata', field];
  const out: Record<string, Fact<string>> = {};
  for (const [key, value] of Object.entries(obj(ctx.value(meta)))) if (typeof value === 'string') out[key] = { value, origin: ctx.origin([...meta, key]) };
  return out;
}

