/** The pod template of a workload object, read into the model's Container/Workload shape. */
import { isObject } from '../../load/values.js';
import type { ValuesPath } from '../../load/path.js';
import type { Container, EnvVar, Port, Protocol, VolumeMount } from '../types.js';
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

function envVars(ctx: ObjectContext, path: ValuesPath): EnvVar[] {
  return list(ctx.value(path)).flatMap((entry, index): EnvVar[] => {
    if (!isObject(entry) || typeof entry.name !== 'string') return [];
    const origin = ctx.origin([...path, index]);
    if (isObject(entry.valueFrom)) return [{ name: entry.name, origin, ...valueFrom(entry.valueFrom) }];
    return [{ name: entry.name, value: entry.value == null ? '' : String(entry.value), origin }];
  });
}

function ports(ctx: ObjectContext, path: ValuesPath): Port[] {
  return list(ctx.value(path)).flatMap((entry, index): Port[] => {
    if (!isObject(entry) || typeof entry.containerPort !== 'number') return [];
    const protocol: Protocol = entry.protocol === 'UDP' || entry.protocol === 'SCTP' ? entry.protocol : 'TCP';
    return [
      {
        containerPort: entry.containerPort,
        ...(typeof entry.hostPort === 'number' && entry.hostPort > 0 ? { hostPort: entry.hostPort } : {}),
        protocol,
        ...(str(entry.name) ? { name: str(entry.name)! } : {}),
        origin: ctx.origin([...path, index]),
      },
    ];
  });
}

function mounts(ctx: ObjectContext, path: ValuesPath): VolumeMount[] {
  return list(ctx.value(path)).flatMap((entry, index): VolumeMount[] =>
    isObject(entry) && typeof entry.mountPath === 'string'
      ? [{ name: String(entry.name ?? ''), mountPath: entry.mountPath, origin: ctx.origin([...path, index, 'mountPath']) }]
      : [],
  );
}

export function podContainers(ctx: ObjectContext, spec: ValuesPath): Container[] {
  const read = (field: 'containers' | 'initContainers') =>
    list(ctx.value([...spec, field])).flatMap((c, index): Container[] => {
      if (!isObject(c)) return [];
      const base = [...spec, field, index];
      return [
        {
          name: str(c.name) ?? `#${index}`,
          ...(str(c.image) ? { image: str(c.image)! } : {}),
          init: field === 'initContainers',
          env: envVars(ctx, [...base, 'env']),
          ports: ports(ctx, [...base, 'ports']),
          volumeMounts: mounts(ctx, [...base, 'volumeMounts']),
          origin: ctx.origin(base),
        },
      ];
    });
  return [...read('containers'), ...read('initContainers')];
}

/** Labels of the pod template (or of the Pod itself). */
export function podLabels(ctx: ObjectContext, spec: ValuesPath): Record<string, string> {
  const meta = spec.length > 1 ? [...spec.slice(0, -1), 'metadata', 'labels'] : ['metadata', 'labels'];
  return Object.fromEntries(Object.entries(obj(ctx.value(meta))).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
