/** Ports the chart gives the agent pod's containers (datadog-facts §4). */
import { get } from '../../load/values.js';
import { isObject } from '../../json.js';
import type { Port, Protocol } from '../types.js';
import type { ValuesContext } from './context.js';

function protocolOf(value: unknown): Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

function portNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A list of raw containerPort entries from values (`agents.containers.<c>.ports`, `otelCollector.ports`). */
export function rawPorts(ctx: ValuesContext, path: string): Port[] {
  const list = ctx.value(path);
  if (!Array.isArray(list)) return [];
  const out: Port[] = [];
  list.forEach((entry, index) => {
    if (!isObject(entry)) return;
    const containerPort = portNumber(entry.containerPort);
    if (containerPort === undefined) return;
    const hostPort = portNumber(entry.hostPort);
    out.push({
      containerPort,
      ...(hostPort !== undefined ? { hostPort } : {}),
      protocol: protocolOf(entry.protocol),
      ...(typeof entry.name === 'string' ? { name: entry.name } : {}),
      origin: ctx.origin([...path.split('.'), index, 'containerPort']),
    });
  });
  return out;
}

/** The first of `keys` the user wrote (findings about the port point there), else the last. */
function writtenKey(ctx: ValuesContext, keys: string[]): string {
  return keys.find((k) => !ctx.origin(k).fromDefault) ?? keys[keys.length - 1]!;
}

export function dogstatsdPort(ctx: ValuesContext): Port {
  const port = portNumber(ctx.value('datadog.dogstatsd.port')) ?? 8125;
  const hostPort = ctx.truthy('datadog.dogstatsd.useHostPort');
  return {
    containerPort: port,
    ...(hostPort ? { hostPort: port } : {}),
    protocol: 'UDP',
    name: 'dogstatsdport',
    origin: ctx.origin(hostPort ? 'datadog.dogstatsd.useHostPort' : writtenKey(ctx, ['datadog.dogstatsd.useHostPort', 'datadog.dogstatsd.port'])),
  };
}

/** The trace-agent's APM port: a hostPort only with apm.portEnabled or the deprecated apm.enabled. */
export function apmPort(ctx: ValuesContext): Port {
  const port = portNumber(ctx.value('datadog.apm.port')) ?? 8126;
  const hostPortKey = ctx.truthy('datadog.apm.portEnabled') ? 'datadog.apm.portEnabled' : ctx.truthy('datadog.apm.enabled') ? 'datadog.apm.enabled' : undefined;
  return {
    containerPort: port,
    ...(hostPortKey ? { hostPort: port } : {}),
    protocol: 'TCP',
    name: 'traceport',
    origin: ctx.origin(hostPortKey ?? writtenKey(ctx, ['datadog.apm.portEnabled', 'datadog.apm.port'])),
  };
}

/** OTLP receiver ports on the core agent, parsed from `endpoint` (host:port); hostPort unless useHostPort is off. */
export function otlpPorts(ctx: ValuesContext): Port[] {
  const out: Port[] = [];
  for (const [protocol, name] of [['grpc', 'otlpgrpcport'], ['http', 'otlphttpport']] as const) {
    const base = `datadog.otlp.receiver.protocols.${protocol}`;
    if (!ctx.truthy(`${base}.enabled`)) continue;
    const endpoint = get(ctx.release.values, [...base.split('.'), 'endpoint']);
    const port = typeof endpoint === 'string' ? portNumber(endpoint.slice(endpoint.lastIndexOf(':') + 1)) : undefined;
    if (port === undefined) continue;
    out.push({
      containerPort: port,
      ...(ctx.truthy(`${base}.useHostPort`) ? { hostPort: port } : {}),
      protocol: 'TCP',
      name,
      origin: ctx.origin(`${base}.enabled`),
    });
  }
  return out;
}
