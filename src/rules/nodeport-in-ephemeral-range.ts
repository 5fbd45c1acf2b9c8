/** A NodePort outside Kubernetes' default range and inside Linux's ephemeral port range. */
import { definePolicy } from './define.js';
import { nodePortListeners } from './facts/host-listeners.js';

/** Kubernetes' default --service-node-port-range and Linux's default ip_local_port_range. */
export const DEFAULT_NODEPORT_RANGE = [30000, 32767] as const;
export const LINUX_EPHEMERAL_RANGE = [32768, 60999] as const;

export default definePolicy({
  id: 'nodeport-in-ephemeral-range',
  severity: 'warning',
  category: 'networking',
  scope: { reads: 'both', kinds: ['Service'] },
  messages: {
    ephemeral: ({ owner, port }: { owner: string; port: number }) =>
      `${owner} is ${port}, outside the default NodePort range ${DEFAULT_NODEPORT_RANGE.join('-')} and inside Linux's ephemeral range ${LINUX_EPHEMERAL_RANGE.join('-')}: a local process (the kubelet's streaming server, any outgoing connection) may already hold it on some nodes.`,
  },
  check: (model, { messages }) =>
  nodePortListeners(model).flatMap((np) => {
    const inDefault = np.port >= DEFAULT_NODEPORT_RANGE[0] && np.port <= DEFAULT_NODEPORT_RANGE[1];
    const ephemeral = np.port >= LINUX_EPHEMERAL_RANGE[0] && np.port <= LINUX_EPHEMERAL_RANGE[1];
    if (inDefault || !ephemeral) return [];
    return [
      {
        message: messages.ephemeral({ owner: np.owner, port: np.port }),
        origin: np.origin,
        object: np.ref,
      },
    ];
  }),
});
