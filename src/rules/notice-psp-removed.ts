/**
 * The chart's "Incompatibility" banner: PodSecurityPolicy creation asked for while the cluster
 * serves no policy/v1beta1 PodSecurityPolicy. dd-lint cannot see the cluster: it assumes Kubernetes
 * 1.25 or newer (PodSecurityPolicy removed), as `helm template` does, hence an info. Code only to
 * point at the switch that is on.
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { noticeOrigin, releasesPrinting } from './facts/notices.js';
import { switchedOn } from './facts/switched-on.js';

const BANNER = 'Incompatibility';
const SWITCHES = ['clusterAgent.podSecurity.podSecurityPolicy.create', 'agents.podSecurity.podSecurityPolicy.create'];

export default definePolicy({
  id: 'notice-psp-removed',
  severity: 'info',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    removed: ({ key }: { key: string }) =>
      `${key} is on, but Kubernetes 1.25 and newer have no PodSecurityPolicy: the chart creates none (assuming the cluster runs 1.25 or newer).`,
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      const on = switchedOn(release, SWITCHES);
      return on.length === 0 ? [] : [{ message: messages.removed({ key: on[0]! }), origin: noticeOrigin(release, on) }];
    }),
});
