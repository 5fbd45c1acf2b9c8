/**
 * For notices whose banner names several keys, any of which triggers it (two PodSecurityPolicy
 * switches, a URN or a private key): the keys that are on, so the finding points at the one that is
 * on rather than at the first one written (a full copy of the chart's values.yaml writes them all).
 */
import type { ValuesRelease } from '../../load/values.js';
import { goTruthy } from '../../model/from-values/go-truthy.js';
import { valueAt } from './notices.js';

/** The paths whose merged value Go templates read as true, in the order given. */
export function switchedOn(release: Pick<ValuesRelease, 'values'>, paths: readonly string[]): string[] {
  return paths.filter((p) => goTruthy(valueAt(release.values, p)));
}
