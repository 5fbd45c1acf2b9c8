/**
 * The chart's inline warning in its Private Action Runner banner: inline credentials next to
 * `identityFromExistingSecret` are ignored (clusterAgent). Code only to point at the credential that is
 * set; the values themselves are secrets and never shown.
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { noticeOrigin, releasesPrinting } from './facts/notices.js';
import { switchedOn } from './facts/switched-on.js';

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
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      const on = (key: string) => switchedOn(release, [`${RUNNER}.${key}`]).length > 0;
      // The chart's order: self-enrollment wins, then the existing secret.
      if (!on('enabled') || on('selfEnroll') || !on('identityFromExistingSecret')) return [];
      const credentials = switchedOn(release, [`${RUNNER}.privateKey`, `${RUNNER}.urn`]);
      return credentials.length === 0 ? [] : [{ message: messages.ignored({ keys: credentials }), origin: noticeOrigin(release, credentials) }];
    }),
});
