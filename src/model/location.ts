/**
 * What a location is in, so that reporters need not guess from `file`:
 * - `file` (when unset): a values or manifest text, located by line and column; `file` is its path,
 *   or `<stdin>` (src/load/inputs.ts STDIN) for standard input;
 * - `set`: a `--set` / `--set-string` argument; `file` is the argument as given, secret values masked;
 * - `object`: values or an object that came without a text (an admitted object, the values a Helm
 *   release stores, a release made of `--set` alone), located by its path (`valuesPath`); `file` names it.
 */
export type SourceKind = 'file' | 'set' | 'object';

/** A place in an input the user can open: 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Unset for a file: the common case, and what a location made from a file name is. */
  source?: SourceKind;
}

/**
 * Where a fact in the model comes from. `fromDefault` means the user never wrote the value:
 * the location is then the nearest key they did write (or line 1), and findings say so.
 */
export interface Origin extends Location {
  fromDefault?: boolean;
  /** The values path (`datadog.apm.portEnabled`) when the fact comes from Helm values. */
  valuesPath?: string;
}
