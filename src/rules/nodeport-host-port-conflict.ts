import type { Rule } from './types.js';
import { NODE_DAEMON_PORTS, nodePortListeners, workloadHostListeners } from './host-listeners.js';
import { related } from './agent-facts.js';

/** A NodePort on a port the kubelet, kube-proxy or a host-port pod of the input already binds. */
/** The config option `reservedPorts` adds ports your nodes' own daemons bind (node-exporter 9100...). */
export const nodeportHostPortConflict: Rule = (model, options) => {
  const hostListeners = workloadHostListeners(model);
  const reserved = new Set(options.reservedPorts ?? []);
  return nodePortListeners(model).flatMap((np) => {
    const daemon = NODE_DAEMON_PORTS[np.port] ?? (reserved.has(np.port) ? 'a node daemon (reservedPorts in the dd-lint config)' : undefined);
    const pods = hostListeners.filter((l) => l.port === np.port && l.protocol === np.protocol);
    if (!daemon && pods.length === 0) return [];
    const holders = [...(daemon ? [daemon] : []), ...pods.map((p) => p.owner)];
    return [
      {
        message: `${np.owner} is ${np.port}/${np.protocol}, which ${holders.join(' and ')} already binds on every node: kube-proxy logs "bind: address already in use" and the NodePort never opens.`,
        origin: np.origin,
        object: np.ref,
        related: pods.map((p) => related(p.origin, `${p.owner} binds ${np.port}/${np.protocol}`)),
      },
    ];
  });
};
