/** How far apart two keys are, for "did you mean": typos of a few letters, letter case aside. */

/** Damerau-Levenshtein distance (optimal string alignment: a swap of two neighbours costs one). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Typos tolerated in a key of this length: none up to 3 letters, one up to 6, two beyond. */
export function typoBudget(key: string): number {
  return key.length <= 3 ? 0 : key.length <= 6 ? 1 : 2;
}

/**
 * The sibling a key most likely meant: the same letters in another case first, else the closest
 * within the typo budget (case ignored); ties go to the first in sorted order. Undefined when none.
 */
export function closestKey(key: string, siblings: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = siblings.find((s) => s !== key && s.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = typoBudget(key) + 1;
  for (const s of [...siblings].sort()) {
    if (s === key) continue;
    const d = editDistance(lower, s.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [s, d];
  }
  return best;
}
