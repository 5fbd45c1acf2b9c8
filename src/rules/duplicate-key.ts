/** A key written twice in one mapping of a values file, a manifest or a wrapper: YAML keeps the last, silently (kubectl's strict field validation refuses it). */
import { definePolicy } from './define.js';
import { related } from './facts/agent-facts.js';
import type { DuplicateKeyFact } from '../model/types.js';
import type { Location } from '../model/location.js';

const at = (l: Location) => `${l.file}:${l.line}:${l.column}`;

/**
 * The occurrences of each key written more than once, in order. A key written n times comes as
 * n - 1 facts, each pointing at the one before it: they are chained back into one list.
 */
function occurrences(facts: DuplicateKeyFact[]): { path: string; places: Location[] }[] {
  const bySecond = new Set(facts.map((d) => at(d.origin)));
  const next = new Map(facts.map((d) => [`${d.path}\u0000${at(d.first)}`, d]));
  return facts
    .filter((d) => !bySecond.has(at(d.first)))
    .map((start) => {
      const places: Location[] = [start.first, start.origin];
      for (let d = next.get(`${start.path}\u0000${at(start.origin)}`); d; d = next.get(`${d.path}\u0000${at(d.origin)}`)) places.push(d.origin);
      return { path: start.path, places };
    });
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
  },
  check: (model, { messages }) =>
    occurrences(model.duplicateKeys).map(({ path, places }) => {
      const ignored = places.slice(0, -1);
      return {
        message: messages.duplicate({ path, times: places.length, ignoredLines: ignored.map((p) => p.line) }),
        origin: places[places.length - 1]!,
        related: ignored.map((p, i) => related(p, `${i === 0 ? 'first' : 'again'} ${path}, ignored`)),
      };
    }),
});
