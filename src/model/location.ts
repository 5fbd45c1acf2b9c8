/** A place in an input the user can open: 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
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
