/** Traces sent to the node's IP (status.hostIP) where no node agent listens on the APM port. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import { APM, unreachableHits, unreachableMessages } from './facts/hostip-senders.js';

export default definePolicy({
  id: 'apm-hostip-unreachable',
  severity: 'error',
  category: 'networking',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS, needsCluster: true },
  messages: unreachableMessages,
  check: (model, { messages }) => unreachableHits(model, APM, messages),
});
