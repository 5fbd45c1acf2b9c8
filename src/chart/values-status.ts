/**
 * Whether a values path means something to a chart version, as dd-lint judges user keys (the
 * unknown-values-key policy) and writes the values schema (`dd-lint schema`): the version's own
 * answer, except for `global`, which Helm gives every chart, and whose keys are open when the chart
 * depends on a subchart that is not bundled (it may read any of them).
 */
import type { KeyStatus } from './chart-keys.js';
import type { VersionKeys } from './history.js';

/** A key no chart declares: a lookup of it says whether its parent is open. */
export const PROBE_KEY = '\u0000any';

export function valuesKeyStatus(keys: VersionKeys): (path: readonly string[]) => KeyStatus {
  const globalOpen = keys.lookup(['kube-state-metrics', PROBE_KEY]) === 'open';
  return (path) => (path[0] !== 'global' ? keys.lookup(path) : path.length === 1 ? 'known' : globalOpen ? 'open' : keys.lookup(path));
}
