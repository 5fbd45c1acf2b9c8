/**
 * The variables through which an app container sends traces or DogStatsD metrics to the node's IP,
 * read the way the tracers and DogStatsD clients read them, over the expanded environment
 * (container-env.ts): a URL first (DD_TRACE_AGENT_URL, DD_DOGSTATSD_URL; a `unix://` one goes to
 * a socket, not to the node), else a host with its port. Each comes with what shows the traffic,
 * or none when only the shared DD_AGENT_HOST points there.
 */
import type { Container, Workload } from '../../model/types.js';
import { nodeIpAddress, NODE_IP, parseAddress, type Address, type ProcessEnv, type ProcessVar } from './container-env.js';
import { dogstatsdEvidence, tracingEvidence, type Evidence } from './sender-evidence.js';

export interface HostIpClient {
  /** The variable a fix changes: where the node's IP (or its address) is given. */
  variable: ProcessVar;
  port: number;
  /** What shows the traffic; undefined when it is assumed from DD_AGENT_HOST alone. */
  evidence?: Evidence;
}

function portOf(env: ProcessEnv, name: string, fallback: number): number {
  const n = Number(env.get(name)?.value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const isNodeIp = (v: ProcessVar | undefined): v is ProcessVar => nodeIpAddress(v) !== undefined;
const own = (v: ProcessVar, what: string): Evidence => ({ what: `${v.name} ${what}`, origin: v.origin });

/** Any other variable holding `<node IP>:<port>` on one of the agent's receiving ports (`schemes`: the ones that fit the channel). */
function otherAddresses(env: ProcessEnv, judged: Set<string>, ports: readonly number[], schemes: readonly string[], what: string): HostIpClient[] {
  return [...env.values()].flatMap((v) => {
    const address = judged.has(v.name) ? undefined : nodeIpAddress(v);
    if (!address || address.port === undefined || !ports.includes(address.port) || !schemes.includes(address.scheme ?? '')) return [];
    return [{ variable: v, port: address.port, evidence: own(v, `names the ${what} port ${address.port}`) }];
  });
}

/** Tracers: DD_TRACE_AGENT_URL, else DD_AGENT_HOST (or the older DD_TRACE_AGENT_HOSTNAME) with DD_TRACE_AGENT_PORT. */
export function apmClients(workload: Workload, container: Container, env: ProcessEnv, ports: readonly number[]): HostIpClient[] {
  const out: HostIpClient[] = [];
  const url = env.get('DD_TRACE_AGENT_URL');
  const judged = new Set(['DD_TRACE_AGENT_URL', 'DD_AGENT_HOST', 'DD_TRACE_AGENT_HOSTNAME']);
  if (url?.value) {
    const address = nodeIpAddress(url);
    if (address) out.push({ variable: url, port: address.port ?? 8126, evidence: own(url, 'is a tracer setting') });
  } else {
    const host = [env.get('DD_AGENT_HOST'), env.get('DD_TRACE_AGENT_HOSTNAME')].find((v) => v?.value !== undefined);
    if (host && host.value === NODE_IP) {
      const evidence = tracingEvidence(workload, container, env);
      out.push({ variable: host, port: portOf(env, 'DD_TRACE_AGENT_PORT', 8126), ...(evidence ? { evidence } : {}) });
    }
  }
  return [...out, ...otherAddresses(env, judged, ports, ['', 'http', 'https'], 'APM')];
}

/** StatsD clients' own names: STATSD_HOST, STATSD_ADDR, APP_STATSD_URL ... (a port in a companion `..._PORT`). */
const STATSD_ADDRESS = /^(?!DD_DOGSTATSD_)((?:[A-Z0-9_]*_)?(?:DOG)?STATSD_)(HOST|HOSTNAME|ADDR|ADDRESS|URL|SERVER|ENDPOINT)$/;

function statsdClients(env: ProcessEnv, judged: Set<string>): HostIpClient[] {
  return [...env.values()].flatMap((v) => {
    const match = STATSD_ADDRESS.exec(v.name);
    const address: Address | undefined = match ? nodeIpAddress(v) : undefined;
    if (!match || !address || (address.scheme && address.scheme !== 'udp')) return [];
    judged.add(v.name);
    return [{ variable: v, port: address.port ?? portOf(env, `${match[1]}PORT`, 8125), evidence: own(v, 'is a StatsD client setting') }];
  });
}

/**
 * DogStatsD clients: DD_DOGSTATSD_URL, else (no socket) DD_DOGSTATSD_HOST or DD_AGENT_HOST with
 * DD_DOGSTATSD_PORT, when a DogStatsD setting or runtime metrics show the client; StatsD names.
 */
export function dogstatsdClients(env: ProcessEnv, ports: readonly number[]): HostIpClient[] {
  const out: HostIpClient[] = [];
  const judged = new Set(['DD_DOGSTATSD_URL', 'DD_DOGSTATSD_HOST', 'DD_DOGSTATSD_HOSTNAME', 'DD_AGENT_HOST']);
  const url = env.get('DD_DOGSTATSD_URL');
  const socket = env.get('DD_DOGSTATSD_SOCKET');
  if (url?.value) {
    const address = nodeIpAddress(url);
    if (address && (!address.scheme || address.scheme === 'udp')) out.push({ variable: url, port: address.port ?? 8125, evidence: own(url, 'is a DogStatsD client setting') });
  } else if (!(socket?.value && parseAddress(socket.value)?.socket)) {
    const host = [env.get('DD_DOGSTATSD_HOST'), env.get('DD_DOGSTATSD_HOSTNAME'), env.get('DD_AGENT_HOST')].find((v) => v?.value !== undefined);
    const evidence = dogstatsdEvidence(env);
    if (isNodeIp(host) && evidence) out.push({ variable: host, port: portOf(env, 'DD_DOGSTATSD_PORT', 8125), evidence });
  }
  return [...out, ...statsdClients(env, judged), ...otherAddresses(env, judged, ports, ['', 'udp'], 'DogStatsD')];
}
