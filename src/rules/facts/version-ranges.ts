/** "3.70.0 to 3.130.2, 3.200.0": a list of chart versions as runs of consecutive bundled versions. */

/** `versions` (a subset of `all`, both ascending) as runs; at most `max` runs, then "and N more". */
export function versionRanges(versions: readonly string[], all: readonly string[], max = 3): string {
  const wanted = new Set(versions);
  const runs: string[] = [];
  let start: string | undefined;
  let last: string | undefined;
  const close = () => {
    if (start !== undefined) runs.push(start === last ? start : `${start} to ${last}`);
    start = undefined;
  };
  for (const v of all) {
    if (wanted.has(v)) {
      start ??= v;
      last = v;
    } else close();
  }
  close();
  const shown = runs.slice(0, max).join(', ');
  return runs.length > max ? `${shown} and ${runs.length - max} more ranges` : shown;
}
