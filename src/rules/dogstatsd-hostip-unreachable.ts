/** DogStatsD metrics sent to the node's IP (status.hostIP) where no node agent listens on the DogStatsD port. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import { DOGSTATSD, unreachableHits, unreachableMessages } from './facts/hostip-senders.js';

export default definePolicy({
  id: 'dogstatsd-hostip-unreachable',
  severity: 'error',
  category: 'networking',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS, needsCluster: true },
  messages: unreachableMessages,
  check: (model, { messages }) => unreachableHits(model, DOGSTATSD, messages),
});
