/** A NodePort on a port the kubelet, kube-proxy or a host-port pod of the input already binds. */
import { definePolicy, optionsSchema, WORKLOAD_KINDS } from './define.js';
import { NODE_DAEMON_PORTS, nodePortListeners, workloadHostListeners } from './facts/host-listeners.js';
import { meet, related } from './facts/agent-facts.js';
import type { NodeportHostPortConflictOptions } from '../generated/config.js';

export default definePolicy({
  id: 'nodeport-host-port-conflict',
  severity: 'error',
  category: 'networking',
  scope: { reads: 'both', kinds: [...WORKLOAD_KINDS, 'Service'], needsCluster: true },
  options: optionsSchema<NodeportHostPortConflictOptions>({
    title: 'NodeportHostPortConflictOptions',
    type: 'object',
    additionalProperties: false,
    properties: {
      reservedPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        description: 'More ports node daemons bind on your nodes (e.g. node-exporter 9100).',
      },
    },
  }),
  messages: {
    conflict: ({ owner, port, protocol, holders }: { owner: string; port: number; protocol: string; holders: string[] }) =>
      `${owner} is ${port}/${protocol}, which ${holders.join(' and ')} already binds on every node: kube-proxy logs "bind: address already in use" and the NodePort never opens.`,
  },
  check(model, { options, messages }) {
    const hostListeners = workloadHostListeners(model);
    const reserved = new Set(options.reservedPorts ?? []);
    return nodePortListeners(model).flatMap((np) => {
      const daemon = NODE_DAEMON_PORTS[np.port] ?? (reserved.has(np.port) ? 'a node daemon (reservedPorts in the dd-lint config)' : undefined);
      const pods = hostListeners.filter((l) => l.port === np.port && l.protocol === np.protocol && meet(l.ref, np.ref));
      if (!daemon && pods.length === 0) return [];
      return [
        {
          message: messages.conflict({ owner: np.owner, port: np.port, protocol: np.protocol, holders: [...(daemon ? [daemon] : []), ...pods.map((p) => p.owner)] }),
          origin: np.origin,
          object: np.ref,
          related: pods.map((p) => related(p.origin, `${p.owner} binds ${np.port}/${np.protocol}`)),
          judgedAgainst: pods.map((p) => p.ref),
        },
      ];
    });
  },
});
