/**
 * The chart's inline warning in its Private Action Runner banner: inline credentials next to
 * `identityFromExistingSecret` are ignored (clusterAgent). Code: see facts/par-credentials.ts.
 */
import { definePolicy } from './define.js';
import { ignoredCredentials } from './facts/par-credentials.js';

const BANNER = 'clusterAgent.privateActionRunner.urn and clusterAgent.privateActionRunner.privateKey are ignored';
const RUNNER = 'clusterAgent.privateActionRunner';

export default definePolicy({
  id: 'notice-par-cluster-agent-credentials-ignored',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    ignored: ({ keys }: { keys: string[] }) =>
      `The cluster agent's Private Action Runner reads its identity from ${RUNNER}.identityFromExistingSecret: ${keys.join(' and ')} ${keys.length > 1 ? 'are' : 'is'} ignored.`,
  },
  check: (model, { messages }) => ignoredCredentials(model, RUNNER, BANNER, (keys) => messages.ignored({ keys })),
});
