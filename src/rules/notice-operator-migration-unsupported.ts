/**
 * The chart's "Unsupported Datadog Operator version" banner: the Helm-to-DatadogAgent migration is
 * asked for but the chart's migration-supported helper says no. That helper needs an operator image
 * of 1.22.0 or newer (values decide: a warning) AND the DatadogAgent CRD already served by the
 * cluster, which dd-lint cannot see: it assumes the CRD is not there yet, as on a first install and
 * as `helm template` sees it, and says so in an info.
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { goString, goTruthy } from '../model/from-values/go-truthy.js';
import { parseSemVer } from '../chart/semver.js';
import { noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { meetsAtLeast } from './facts/kube-version.js';

const BANNER = 'Unsupported Datadog Operator version';
const MIGRATING_OPERATOR = parseSemVer('1.22.0')!;

export default definePolicy({
  id: 'notice-operator-migration-unsupported',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    oldOperator: ({ tag }: { tag: string }) =>
      `The migration to a DatadogAgent is on but operator.image.tag ${tag} is older than 1.22.0, the first operator that supports it: the chart skips the migration.`,
    noCrdYet: () =>
      'The migration to a DatadogAgent is on: the chart runs it only when the cluster already serves the DatadogAgent CRD (datadoghq.com/v2alpha1). Assuming it does not yet (a first install, as helm template sees it), this install skips the migration; upgrade again once the operator\'s CRDs are installed.',
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      const truthy = (path: string) => goTruthy(valueAt(release.values, path));
      if (!truthy('datadog.operator.enabled')) return [];
      if (!truthy('datadog.operator.migration.enabled') && !truthy('datadog.operator.migration.preview')) return [];
      const origin = noticeOrigin(release, ['datadog.operator.migration.enabled', 'datadog.operator.migration.preview']);
      const tag = valueAt(release.values, 'operator.image.tag');
      if (!truthy('operator.image.doNotCheckTag') && typeof tag === 'string' && meetsAtLeast(tag, MIGRATING_OPERATOR) === false) {
        return [{ message: messages.oldOperator({ tag: goString(tag) }), origin: noticeOrigin(release, ['operator.image.tag'])}];
      }
      return [{ message: messages.noCrdYet(), origin, severity: 'info' }];
    }),
});
