/**
 * Chart versions and the version constraints Helm accepts (Masterminds/semver): `3.1.0`, `v3.1.0`,
 * `^3.100.0`, `~3.5`, `>=3.0.0 <4`, `>= 1.2, < 3`, `3.x`, `*`, `1.2 - 1.4`, `a || b`. Pre-release
 * versions only match a constraint that names a pre-release, as in Helm.
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseSemVer(text: string): SemVer | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [] };
}

/** A version as the chart's `semverCompare` reads it: `7`, `7.70` and `v7.70.1` are versions too. */
export function parseLooseSemVer(text: string): SemVer | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ? m[4].split('.') : [] };
}

export function compareSemVer(a: SemVer, b: SemVer): number {
  const d = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (d !== 0) return d;
  if (!a.pre.length || !b.pre.length) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Sorts version strings ascending (unparsable ones last, as text). */
export function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort((x, y) => {
    const a = parseSemVer(x);
    const b = parseSemVer(y);
    if (a && b) return compareSemVer(a, b);
    return a ? -1 : b ? 1 : x.localeCompare(y);
  });
}

type Test = (v: SemVer) => boolean;

/** A constraint as a predicate, or undefined when it is not one Helm would accept. */
export function parseConstraint(text: string): Test | undefined {
  const alternatives = text.split('||').map((alt) => parseAnd(alt.trim()));
  if (alternatives.some((a) => a === undefined)) return undefined;
  return (v) => alternatives.some((a) => a!(v));
}

function parseAnd(text: string): Test | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const lo = comparator('>=', hyphen[1]!);
    const hi = partial(hyphen[2]!);
    if (!lo || !hi) return undefined;
    // `1.2 - 1.4` ends with 1.4.x: below the next minor (or major) of a partial upper bound
    const upper = hi.parts < 3 ? comparator('<', bump(hi, hi.parts)) : comparator('<=', hyphen[2]!);
    return upper && ((v) => lo(v) && upper(v));
  }
  const tokens = text.replace(/,/g, ' ').replace(/(>=|<=|!=|>|<|=|\^|~>|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return () => true;
  const tests: Test[] = [];
  for (const tok of tokens) {
    const m = /^(>=|<=|!=|>|<|=|\^|~>|~)?(.+)$/.exec(tok)!;
    const t = comparator(m[1] ?? '', m[2]!);
    if (!t) return undefined;
    tests.push(t);
  }
  return (v) => tests.every((t) => t(v));
}

interface Partial {
  v: SemVer;
  /** How many of major.minor.patch were written (a wildcard ends it). */
  parts: number;
}

function partial(text: string): Partial | undefined {
  if (/^[xX*]$/.test(text)) return { v: { major: 0, minor: 0, patch: 0, pre: [] }, parts: 0 };
  const m = /^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]];
  let parts = 0;
  while (parts < 3 && nums[parts] !== undefined && /^\d+$/.test(nums[parts]!)) parts++;
  const n = (i: number) => (i < parts ? Number(nums[i]) : 0);
  return { v: { major: n(0), minor: n(1), patch: n(2), pre: m[4] ? m[4].split('.') : [] }, parts };
}

function bump(p: Partial, at: number): string {
  if (at <= 1) return `${p.v.major + 1}.0.0-0`;
  return `${p.v.major}.${p.v.minor + 1}.0-0`;
}

function comparator(op: string, text: string): Test | undefined {
  const p = partial(text);
  if (!p) return undefined;
  const base = p.v;
  const cmp = (v: SemVer) => compareSemVer(v, base);
  const lowerBound = parseSemVer(`${base.major}.${base.minor}.${base.patch}${base.pre.length ? `-${base.pre.join('.')}` : ''}`)!;
  const within = (v: SemVer, upper: string) => compareSemVer(v, lowerBound) >= 0 && compareSemVer(v, parseSemVer(upper)!) < 0;
  // a pre-release only matches a constraint that names one on the same major.minor.patch
  const preOk = (v: SemVer) =>
    v.pre.length === 0 || (base.pre.length > 0 && v.major === base.major && v.minor === base.minor && v.patch === base.patch);
  let test: Test;
  switch (op) {
    case '':
    case '=':
      test = p.parts === 3 ? (v) => cmp(v) === 0 : p.parts === 0 ? () => true : (v) => within(v, bump(p, p.parts));
      break;
    case '!=':
      test = (v) => cmp(v) !== 0;
      break;
    case '>':
      test = p.parts === 3 ? (v) => cmp(v) > 0 : (v) => compareSemVer(v, parseSemVer(bump(p, p.parts))!) >= 0;
      break;
    case '>=':
      test = (v) => cmp(v) >= 0;
      break;
    case '<':
      test = (v) => cmp(v) < 0;
      break;
    case '<=':
      test = p.parts === 3 ? (v) => cmp(v) <= 0 : (v) => compareSemVer(v, parseSemVer(bump(p, p.parts))!) < 0;
      break;
    case '~':
    case '~>':
      // ~1.2.3 and ~1.2 stay on 1.2.x; ~1 stays on 1.x
      test = (v) => within(v, bump(p, p.parts <= 1 ? 1 : 2));
      break;
    case '^': {
      // ^ stays below the next change of the first non-zero part written
      const at = base.major > 0 || p.parts <= 1 ? 1 : base.minor > 0 || p.parts === 2 ? 2 : 3;
      const upper = at === 3 ? `${base.major}.${base.minor}.${base.patch + 1}-0` : bump(p, at);
      test = (v) => within(v, upper);
      break;
    }
    default:
      return undefined;
  }
  return (v) => preOk(v) && test(v);
}
