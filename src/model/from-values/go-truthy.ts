/**
 * Go-template truthiness, as the chart's `if` sees a value: empty, false, 0, nil, empty map and
 * empty list are false; EVERY non-empty string is true, including "false", "0" and "no".
 */
export function goTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Strings a reader takes for "off", yet Go templates treat as true. */
export const FALSE_LOOKING = /^(false|no|off|n|0|disabled?)$/i;

/** When a string that reads as "off" switches a feature ON, say so (the quoted-false incident). */
export function truthyStringNote(path: string, value: unknown): string | undefined {
  if (typeof value === 'string' && FALSE_LOOKING.test(value.trim())) {
    return `${path} is the string "${value}", which Go templates treat as true: the chart turns this ON (write ${path}: false, unquoted)`;
  }
  return undefined;
}

/**
 * How Go's `quote` / `printf "%v"` prints a values scalar into a manifest. Numbers from values
 * files are float64 in Helm, and %v prints them in shortest form with an exponent from 1e+06 on
 * (the well-known "1e+06" surprise): 8126 → "8126", 1000000 → "1e+06".
 */
export function goString(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A list or map where a string was expected prints as %v does (`[a b]`, `map[k:v]`, keys sorted), never as JS would.
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (typeof value === 'object') return `map[${Object.keys(value).sort().map((k) => `${k}:${goString((value as Record<string, unknown>)[k])}`).join(' ')}]`;
  if (typeof value !== 'number' || !Number.isFinite(value) || value === 0) return String(value);
  const exp = Math.floor(Math.log10(Math.abs(value)));
  if (exp < -4 || exp >= 6) {
    const [mantissa, e] = value.toExponential().split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}
