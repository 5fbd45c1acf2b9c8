/**
 * Go's strconv number parsing and formatting, as Helm's YAML reader (go-yaml v2) and its JSON step
 * (sigs.k8s.io/yaml) use them: ints and uints of 64 bits with base prefixes, decimal floats, and
 * the float32 formatting of float map keys.
 */

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 122) return lower - 97 + 10;
  return 99;
}

/** Go strconv.ParseUint(s, base, 64) (base 0: 0b/0o/0x prefixes, leading 0 = octal); no underscores. */
export function goParseUint(s: string, base: number): bigint | 'syntax' | 'range' {
  if (s === '') return 'syntax';
  let b = base;
  let digits = s;
  if (base === 0) {
    b = 10;
    if (s[0] === '0') {
      const prefix = s.length >= 3 ? s[1]!.toLowerCase() : '';
      if (prefix === 'b') [b, digits] = [2, s.slice(2)];
      else if (prefix === 'o') [b, digits] = [8, s.slice(2)];
      else if (prefix === 'x') [b, digits] = [16, s.slice(2)];
      else [b, digits] = [8, s.slice(1)];
    }
  }
  const max = (1n << 64n) - 1n;
  let n = 0n;
  for (const c of digits) {
    const d = digitValue(c);
    if (d >= b) return 'syntax';
    n = n * BigInt(b) + BigInt(d);
    if (n > max) return 'range';
  }
  return n;
}

/** Go strconv.ParseInt(s, base, 64). */
export function goParseInt(s: string, base: number): bigint | 'syntax' | 'range' {
  if (s === '') return 'syntax';
  let neg = false;
  let rest = s;
  if (s[0] === '+') rest = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    rest = s.slice(1);
  }
  const u = goParseUint(rest, base);
  if (typeof u !== 'bigint') return u;
  const cutoff = 1n << 63n;
  if (!neg && u >= cutoff) return 'range';
  if (neg && u > cutoff) return 'range';
  return neg ? -u : u;
}

/** Go strconv.ParseFloat(s, 64) for decimal text; undefined on a syntax error or overflow. */
export function goParseFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

/** Go strconv.FormatFloat(f, 'g', -1, 32), which sigs.k8s.io/yaml uses for float map keys. */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let exp = '';
  for (let p = 1; p <= 9; p++) {
    exp = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(exp)) === Math.abs(f)) break;
  }
  const [mantissa, e] = exp.split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const x = Number(e);
  const sign = f < 0 ? '-' : '';
  if (x < -4 || x >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ex = Math.abs(x).toString().padStart(2, '0');
    return `${sign}${m}e${x < 0 ? '-' : '+'}${ex}`;
  }
  const dp = x + 1; // digits before the decimal point
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (digits.length <= dp) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
