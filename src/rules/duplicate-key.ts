/** A key written twice in one mapping of a values file, a manifest or a wrapper: YAML keeps the last, silently (kubectl's strict field validation refuses it). */
import { definePolicy } from './define.js';
import { related } from './facts/agent-facts.js';
import type { DuplicateKeyFact } from '../model/types.js';
import type { Location } from '../model/location.js';

const at = (l: Location) => `${l.file}:${l.line}:${l.column}`;

/**
 * The occurrences of each key written more than once, in order. A key written n times comes as
 * n - 1 consecutive facts, each pointing at the one before it: they are joined back into one list.
 */
function occurrences(facts: DuplicateKeyFact[]): { path: string; places: Location[] }[] {
  const out: { path: string; places: Location[] }[] = [];
  for (const d of facts) {
    const last = out[out.length - 1];
    if (last && last.path === d.path && at(last.places[last.places.length - 1]!) === at(d.first)) last.places.push(d.origin);
    else out.push({ path: d.path, places: [d.first, d.origin] });
  }
  return out;
}

const TIMES = ['', 'once', 'twice'];

export default definePolicy({
  id: 'duplicate-key',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'both', kinds: [] },
  messages: {
    duplicate: ({ path, times, ignoredLines }: { path: string; times: number; ignoredLines: number[] }) =>
      `${path} is written ${TIMES[times] ?? `${times} times`}; the ${ignoredLines.length === 1 ? 'value at line' : 'values at lines'} ${ignoredLines.join(', ')} ${ignoredLines.length === 1 ? 'is' : 'are'} ignored and this one wins.`,
    /** Where every occurrence has the one location of a field (values in a string of an admitted object): no line to name. */
    duplicateInField: ({ path, times }: { path: string; times: number }) =>
      `${path} is written ${TIMES[times] ?? `${times} times`} in these values; only the last one counts, the ${times === 2 ? 'earlier value is' : 'earlier values are'} ignored.`,
  },
  check: (model, { messages }) =>
    occurrences(model.duplicateKeys).map(({ path, places }) => {
      const ignored = places.slice(0, -1);
      const oneField = places.every((p) => at(p) === at(places[0]!));
      return {
        message: oneField ? messages.duplicateInField({ path, times: places.length }) : messages.duplicate({ path, times: places.length, ignoredLines: ignored.map((p) => p.line) }),
        origin: places[places.length - 1]!,
        related: oneField ? [] : ignored.map((p, i) => related(p, `${i === 0 ? 'first' : 'again'} ${path}, ignored`)),
      };
    }),
});
