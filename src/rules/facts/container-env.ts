/**
 * A container's environment as its process sees it, the way the kubelet builds it: the keys of
 * each `envFrom` ConfigMap first (with their prefix), then `env` in order, a later name replacing
 * an earlier one. In a `value`, `$(VAR)` is replaced by the variable defined before it (`$$` is a
 * literal `$`, an undefined reference stays as written); ConfigMap values are not expanded.
 * A ConfigMap that is not among the inputs adds nothing: its values are not guessed.
 */
import type { Origin } from '../../model/location.js';
import type { ConfigMapModel, Container, EnvVar, Model, Workload } from '../../model/types.js';
import { meet } from './agent-facts.js';
import { groupBy, perList } from './list-index.js';

/** Stands for the node's IP (a `status.hostIP` field reference) inside an expanded value. */
export const NODE_IP = '\u0000node-ip\u0000';
/** Stands for a value known only at run time (a Secret, another field reference). */
const UNKNOWN = '\u0000unknown\u0000';

export interface ProcessVar {
  name: string;
  /** The expanded value; NODE_IP where the node's IP goes. Undefined when it cannot be known. */
  value?: string;
  /** Where the user wrote it: the env entry, or the ConfigMap key it comes from. */
  origin: Origin;
  /** The ConfigMap it comes from (`namespace/name`), when it does. */
  configMap?: string;
}

export type ProcessEnv = ReadonlyMap<string, ProcessVar>;

/** Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion) over the variables defined so far. */
function expand(text: string, defined: ProcessEnv): string {
  if (!text.includes('$')) return text; // most values: kept, not copied
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      const name = text.slice(i + 2, close);
      const ref = defined.get(name);
      out += ref ? (ref.value ?? UNKNOWN) : `$(${name})`;
      i = close;
    } else out += c;
  }
  return out;
}

/**
 * Once per list of ConfigMaps (one per model): the ConfigMaps by namespace and name, and each
 * container's expanded env (the APM and DogStatsD rules both ask for every app container's).
 */
const perConfigMaps = perList((configMaps: ConfigMapModel[]) => ({
  byName: groupBy(configMaps, (m) => `${m.ref.namespace}/${m.ref.name}`),
  envs: new WeakMap<Container, ProcessEnv>(),
}));

function configMapData(model: Model, workload: Workload, name: string) {
  return perConfigMaps(model.configMaps).byName.get(`${workload.ref.namespace}/${name}`)?.find((m) => meet(m.ref, workload.ref));
}

function processVar(model: Model, workload: Workload, env: EnvVar, defined: ProcessEnv): ProcessVar {
  const { name, origin } = env;
  if (env.fieldRef !== undefined) return env.fieldRef === 'status.hostIP' ? { name, value: NODE_IP, origin } : { name, origin };
  if (env.secretKeyRef) return { name, origin };
  if (env.configMapKeyRef) {
    const map = configMapData(model, workload, env.configMapKeyRef.name);
    const entry = map?.data.find((d) => d.key === env.configMapKeyRef!.key);
    // Not in the input (or no such key: the pod would not start): unknown, not guessed.
    return entry ? { name, value: entry.value, origin: entry.origin, configMap: `${map!.ref.namespace}/${map!.ref.name}` } : { name, origin };
  }
  const value = expand(env.value ?? '', defined);
  // A literal that expands to itself is its own variable: not copied for every container of a large repository.
  return value === env.value ? env : { name, value, origin };
}

/** The variables of `container` in `workload`, expanded. */
export function processEnv(model: Model, workload: Workload, container: Container): ProcessEnv {
  const envs = perConfigMaps(model.configMaps).envs;
  let env = envs.get(container);
  if (!env) envs.set(container, (env = expandedEnv(model, workload, container)));
  return env;
}

function expandedEnv(model: Model, workload: Workload, container: Container): ProcessEnv {
  const env = new Map<string, ProcessVar>();
  for (const from of container.envFrom ?? []) {
    const map = configMapData(model, workload, from.configMap);
    for (const d of map?.data ?? []) {
      const name = from.prefix + d.key;
      env.set(name, { name, value: d.value, origin: d.origin, configMap: `${map!.ref.namespace}/${map!.ref.name}` });
    }
  }
  for (const entry of container.env) env.set(entry.name, processVar(model, workload, entry, env));
  return env;
}

/** An address as clients write it (`udp://host:8125`, `host:8125`, `unix:///path`, `http://host`). */
export interface Address {
  scheme?: string;
  host: string;
  port?: number;
  socket: boolean;
}

export function parseAddress(value: string): Address | undefined {
  if (/^unix(gram)?:/.test(value) || value.startsWith('/')) return { scheme: 'unix', host: '', socket: true };
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?(?:[/?#].*)?$/i.exec(value);
  if (!match) return undefined;
  return { ...(match[1] ? { scheme: match[1].toLowerCase() } : {}), host: match[2]!, ...(match[3] ? { port: Number(match[3]) } : {}), socket: false };
}

/** The address in a variable, when it is the node's IP. */
export function nodeIpAddress(v: ProcessVar | undefined): Address | undefined {
  // Most values name no node IP: only those that do are parsed (every env entry of every app is asked).
  const address = v?.value?.includes(NODE_IP) ? parseAddress(v.value) : undefined;
  return address && address.host === NODE_IP ? address : undefined;
}
