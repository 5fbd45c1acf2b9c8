/**
 * How an application container addresses the Datadog agent, read off its env the way the
 * tracers and DogStatsD clients read it: DD_TRACE_AGENT_URL / DD_DOGSTATSD_URL first, else
 * DD_AGENT_HOST (or DD_DOGSTATSD_HOST) with DD_TRACE_AGENT_PORT / DD_DOGSTATSD_PORT.
 * `$(VAR)` references are resolved against the container's own env, as Kubernetes does.
 */
import type { Container, EnvVar } from '../../model/types.js';
import { effectiveEnv } from './agent-facts.js';

export interface AgentAddress {
  /** `hostip`: the node's IP (status.hostIP); `host`: a name or address; `socket`: a unix socket. */
  kind: 'hostip' | 'host' | 'socket';
  host?: string;
  port: number;
  /** The env entry a fix must change. */
  env: EnvVar;
}

/** A host given as `$(VAR)` resolves to that variable; status.hostIP makes it the node's IP. */
function resolveHost(container: Container, host: string, env: EnvVar): Omit<AgentAddress, 'port'> {
  const ref = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(host);
  if (ref) {
    const target = effectiveEnv(container, ref[1]!);
    if (target?.fieldRef === 'status.hostIP') return { kind: 'hostip', env };
    if (target?.value) return { kind: 'host', host: target.value, env };
  }
  return { kind: 'host', host, env };
}

function fromUrl(container: Container, env: EnvVar, defaultPort: number): AgentAddress | undefined {
  const url = env.value ?? '';
  if (/^unix:/.test(url)) return { kind: 'socket', port: 0, env };
  const match = /^(?:[a-z]+:\/\/)?(\$\([A-Za-z0-9_]+\)|\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(url);
  if (!match) return undefined;
  return { ...resolveHost(container, match[1]!, env), port: match[2] ? Number(match[2]) : defaultPort };
}

function fromHost(container: Container, hostEnv: EnvVar, port: number): AgentAddress {
  if (hostEnv.fieldRef === 'status.hostIP') return { kind: 'hostip', port, env: hostEnv };
  return { ...resolveHost(container, hostEnv.value ?? '', hostEnv), port };
}

function portOf(container: Container, name: string, fallback: number): number {
  const n = Number(effectiveEnv(container, name)?.value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function apmAddress(container: Container): AgentAddress | undefined {
  const url = effectiveEnv(container, 'DD_TRACE_AGENT_URL');
  if (url?.value) return fromUrl(container, url, 8126);
  const host = effectiveEnv(container, 'DD_AGENT_HOST');
  return host ? fromHost(container, host, portOf(container, 'DD_TRACE_AGENT_PORT', 8126)) : undefined;
}

/**
 * Only containers that show a DogStatsD client (a DogStatsD URL, host or port in their env):
 * DD_AGENT_HOST alone is what every tracer reads too.
 */
export function dogstatsdAddress(container: Container): AgentAddress | undefined {
  const url = effectiveEnv(container, 'DD_DOGSTATSD_URL');
  if (url?.value) return fromUrl(container, url, 8125);
  const dsdHost = effectiveEnv(container, 'DD_DOGSTATSD_HOST');
  const hasClient = dsdHost || effectiveEnv(container, 'DD_DOGSTATSD_PORT');
  if (!hasClient) return undefined;
  const host = dsdHost ?? effectiveEnv(container, 'DD_AGENT_HOST');
  return host ? fromHost(container, host, portOf(container, 'DD_DOGSTATSD_PORT', 8125)) : undefined;
}
