import type { Rule } from './types.js';
import { nodePortListeners } from './host-listeners.js';

/** Kubernetes' default --service-node-port-range and Linux's default ip_local_port_range. */
export const DEFAULT_NODEPORT_RANGE = [30000, 32767] as const;
export const LINUX_EPHEMERAL_RANGE = [32768, 60999] as const;

export const nodeportInEphemeralRange: Rule = (model) =>
  nodePortListeners(model).flatMap((np) => {
    const inDefault = np.port >= DEFAULT_NODEPORT_RANGE[0] && np.port <= DEFAULT_NODEPORT_RANGE[1];
    const ephemeral = np.port >= LINUX_EPHEMERAL_RANGE[0] && np.port <= LINUX_EPHEMERAL_RANGE[1];
    if (inDefault || !ephemeral) return [];
    return [
      {
        message: `${np.owner} is ${np.port}, outside the default NodePort range ${DEFAULT_NODEPORT_RANGE.join('-')} and inside Linux's ephemeral range ${LINUX_EPHEMERAL_RANGE.join('-')}: a local process (the kubelet's streaming server, any outgoing connection) may already hold it on some nodes.`,
        origin: np.origin,
        object: np.ref,
      },
    ];
  });
