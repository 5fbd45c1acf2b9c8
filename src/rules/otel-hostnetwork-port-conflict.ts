import type { Rule } from './types.js';
import { mainContainers, nodeAgents, objectName, related } from './agent-facts.js';

/** Ports the otel-agent binds whatever its config says (ddflare, telemetry) plus OTLP. */
export const OTEL_PORTS = [7777, 8888, 4317, 4318];

export const otelHostnetworkPortConflict: Rule = (model) =>
  nodeAgents(model).flatMap((agent) => {
    const otel = mainContainers(agent).find((c) => c.name === 'otel-agent');
    if (!otel || !agent.hostNetwork.value) return [];
    const note = otel.note ? ` Note: ${otel.note}.` : '';
    return [
      {
        message: `otel-agent runs in the node's network namespace (hostNetwork) and binds ${OTEL_PORTS.join(', ')} on every node of ${objectName(agent)}; any other listener on one of them makes it fail with "bind: address already in use".${note}`,
        origin: agent.hostNetwork.origin,
        object: agent.ref,
        container: 'otel-agent',
        related: [related(otel.origin, otel.note ?? 'the otel-agent container is enabled here')],
      },
    ];
  });
