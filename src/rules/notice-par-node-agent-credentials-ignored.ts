/**
 * The chart's inline warning in its Private Action Runner banner: inline credentials next to
 * `identityFromExistingSecret` are ignored (datadog). Code: see facts/par-credentials.ts.
 */
import { definePolicy } from './define.js';
import { ignoredCredentials } from './facts/par-credentials.js';

const BANNER = 'datadog.privateActionRunner.urn and datadog.privateActionRunner.privateKey are ignored';
const RUNNER = 'datadog.privateActionRunner';

export default definePolicy({
  id: 'notice-par-node-agent-credentials-ignored',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    ignored: ({ keys }: { keys: string[] }) =>
      `The node agents' sidecar Private Action Runner reads its identity from ${RUNNER}.identityFromExistingSecret: ${keys.join(' and ')} ${keys.length > 1 ? 'are' : 'is'} ignored.`,
  },
  check: (model, { messages }) => ignoredCredentials(model, RUNNER, BANNER, (keys) => messages.ignored({ keys })),
});
