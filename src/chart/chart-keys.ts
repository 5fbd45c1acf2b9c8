/**
 * The values paths one chart version knows: the keys of its values.yaml, the paths its templates
 * read, and the sub-trees they hand over whole (open: no key below them is unknown). Paths below a
 * dependency's key (`datadog-crds`, `operator`, ...) are the subchart's own; `global` is shared.
 */
export type KeyStatus = 'known' | 'open' | 'unknown';

const SEP = '\u0000';
/** A values path as one string, the form ChartKeyFacts take paths in. */
export const joinPath = (path: readonly string[]) => path.join(SEP);

export interface ChartKeyFacts {
  /** Joined paths (joinPath). */
  known: Iterable<string>;
  open: Iterable<string>;
}

export class ChartKeys {
  private readonly known: Set<string>;
  private readonly open: Set<string>;
  /** The keys below each known path, built when "did you mean" first asks. */
  private kids: Map<string, Set<string>> | undefined;

  constructor(
    readonly chart: string,
    readonly version: string,
    facts: ChartKeyFacts,
    /** The bundled subcharts by their values key. */
    private readonly subcharts: ReadonlyMap<string, ChartKeys> = new Map(),
  ) {
    this.known = new Set(facts.known);
    this.open = new Set(facts.open);
  }

  private kidsByParent(): Map<string, Set<string>> {
    if (!this.kids) {
      this.kids = new Map();
      for (const key of this.known) {
        const cut = key.lastIndexOf(SEP);
        const parent = cut === -1 ? '' : key.slice(0, cut);
        if (!this.kids.has(parent)) this.kids.set(parent, new Set());
        this.kids.get(parent)!.add(key.slice(cut + 1));
      }
    }
    return this.kids;
  }

  /** known: the chart reads or declares this path; open: it lies under a sub-tree handed over whole. */
  lookup(path: readonly string[]): KeyStatus {
    const results = [this.ownLookup(path)];
    const sub = path.length > 0 ? this.subcharts.get(path[0]!) : undefined;
    if (sub) results.push(sub.lookup(path.slice(1)));
    if (path[0] === 'global') for (const s of this.subcharts.values()) results.push(s.lookup(path));
    return results.includes('known') ? 'known' : results.includes('open') ? 'open' : 'unknown';
  }

  /** The known keys directly below a path (for "did you mean"), sorted. */
  children(path: readonly string[]): string[] {
    const out = new Set(this.kidsByParent().get(joinPath(path)) ?? []);
    const sub = path.length > 0 ? this.subcharts.get(path[0]!) : undefined;
    if (sub) sub.children(path.slice(1)).forEach((k) => out.add(k));
    if (path[0] === 'global') for (const s of this.subcharts.values()) s.children(path).forEach((k) => out.add(k));
    return [...out].sort();
  }

  private ownLookup(path: readonly string[]): KeyStatus {
    if (path.length === 0 || this.known.has(joinPath(path))) return 'known';
    for (let i = path.length - 1; i >= 0; i--) if (this.open.has(joinPath(path.slice(0, i)))) return 'open';
    return 'unknown';
  }
}
