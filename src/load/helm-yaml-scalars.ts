/**
 * Helm's YAML 1.1 scalar rules: what go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2 resolve.go and
 * decoder.scalar, as built into Helm 3.17 and 4.1) makes of one scalar decoded into interface{}:
 * tags, plain-scalar resolution (booleans, nulls, ints, floats, timestamps kept as text), libyaml's
 * double-quoted escapes and !!binary; and how sigs.k8s.io/yaml turns a key into a JSON key.
 */
import { isScalar, type Node } from 'yaml';
import { formatFloat32, goParseFloat, goParseInt, goParseUint } from './go-numbers.js';

const LONG = 'tag:yaml.org,2002:';
const STR_TAG = `${LONG}str`;
const BOOL_TAG = `${LONG}bool`;
const INT_TAG = `${LONG}int`;
const FLOAT_TAG = `${LONG}float`;
const NULL_TAG = `${LONG}null`;
const TIMESTAMP_TAG = `${LONG}timestamp`;
const BINARY_TAG = `${LONG}binary`;
const MERGE_TAG = `${LONG}merge`;

export type Resolved =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'uint'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string };

/** A scalar Helm refuses; `offset` is where in the text (the scalar's start, or the bad escape). */
export class ScalarError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class ResolveError extends Error {}

const RESOLVE_MAP = new Map<string, { tag: string; value: Resolved }>();
for (const [value, tag, spellings] of [
  [{ kind: 'bool', value: true }, BOOL_TAG, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [{ kind: 'bool', value: false }, BOOL_TAG, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [{ kind: 'null' }, NULL_TAG, ['', '~', 'null', 'Null', 'NULL']],
  [{ kind: 'float', value: NaN }, FLOAT_TAG, ['.nan', '.NaN', '.NAN']],
  [{ kind: 'float', value: Infinity }, FLOAT_TAG, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [{ kind: 'float', value: -Infinity }, FLOAT_TAG, ['-.inf', '-.Inf', '-.INF']],
  [{ kind: 'str', value: '<<' }, MERGE_TAG, ['<<']],
] as const) {
  for (const s of spellings) RESOLVE_MAP.set(s, { tag, value: value as Resolved });
}

/** The characters libyaml (so go-yaml v2) accepts after a backslash in a double-quoted scalar. */
const GO_YAML_ESCAPES = ['0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', "'", '\\', 'N', '_', 'L', 'P', 'x', 'u', 'U', '\n', '\r'];

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** A merge key `<<` (plain and untagged, or tagged !!merge). */
export function isMergeKey(node: Node | null): boolean {
  return isScalar(node) && node.value === '<<' && ((node.type === 'PLAIN' && !node.tag) || node.tag === MERGE_TAG);
}

/** Map keys become strings as sigs.k8s.io/yaml makes them: `on:` → "true", `1:` → "1", `1e6:` → "1e+06". */
export function helmKey(key: unknown): string {
  if (key === null || key === undefined) return 'null';
  if (typeof key === 'number') return Number.isInteger(key) && Math.abs(key) < 2 ** 63 ? String(key) : formatFloat32(key);
  return String(key);
}

/** What go-yaml v2 decodes a scalar node into. Throws ScalarError where Helm fails. */
export function resolveScalar(node: Node): Resolved {
  if (!isScalar(node)) return { kind: 'null' };
  const text = String(node.value ?? '');
  const tag = node.tag ?? '';
  const start = node.range?.[0] ?? 0;
  if (node.type === 'QUOTE_DOUBLE') checkEscapes(node, start);
  // go-yaml v2 decoder.scalar: an untagged quoted or block scalar is a string, full stop.
  if (!tag && node.type !== 'PLAIN') return { kind: 'str', value: text };
  if (tag === BINARY_TAG) {
    const compact = text.replace(/[\r\n]/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
      throw new ScalarError('!!binary value contains invalid base64 data', start);
    }
    return { kind: 'str', value: Buffer.from(compact, 'base64').toString('utf8') };
  }
  try {
    return goResolve(tag, text);
  } catch (err) {
    if (!(err instanceof ResolveError)) throw err;
    throw new ScalarError(err.message, start);
  }
}

/** go-yaml v2 (libyaml) knows fewer escapes than YAML 1.2: `"\/"` is "found unknown escape character". */
function checkEscapes(node: Node, start: number): void {
  const raw = (node as { srcToken?: { source?: string } }).srcToken?.source ?? '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') continue;
    const c = raw[++i] ?? '';
    if (!GO_YAML_ESCAPES.includes(c)) {
      throw new ScalarError(`found unknown escape character "\\${c}" (Helm's YAML reader does not know it)`, start + i - 1);
    }
  }
}

function hintOf(s: string): string {
  if (s === '') return 'N';
  const c = s[0]!;
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

function shortTag(tag: string): string {
  return tag.startsWith(LONG) ? `!!${tag.slice(LONG.length)}` : tag;
}

/** go-yaml v2 resolve(tag, in) followed by decoder.scalar's handling for an interface{} target. */
function goResolve(tag: string, input: string): Resolved {
  const resolvable = tag === '' || [STR_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, NULL_TAG, TIMESTAMP_TAG].includes(tag);
  // `! 12`, `!foo bar`, `!!set x`: not resolvable, the text as it is.
  if (!resolvable) return { kind: 'str', value: input };
  const [rtag, out] = tag === STR_TAG ? [STR_TAG, { kind: 'str', value: input } as Resolved] : resolvePlain(tag, input);
  if (tag === '' || tag === rtag || tag === STR_TAG) return out;
  if (tag === FLOAT_TAG && out.kind === 'int') return { kind: 'float', value: Number(out.value) };
  // Helm's message quotes the text; ours does not (it may be a secret).
  throw new ResolveError(`cannot decode a ${shortTag(rtag)} as a ${shortTag(tag)}`);
}

/** The body of go-yaml v2 resolve(): the tag it resolves to and the value. */
function resolvePlain(tag: string, input: string): [string, Resolved] {
  const str: [string, Resolved] = [STR_TAG, { kind: 'str', value: input }];
  const hint = hintOf(input);
  if (hint === '') return str;
  const known = RESOLVE_MAP.get(input);
  if (known) return [known.tag, known.value];
  const float = (s: string): [string, Resolved] | undefined => {
    const f = goParseFloat(s);
    return f === undefined ? undefined : [FLOAT_TAG, { kind: 'float', value: f }];
  };
  const int = (value: bigint | 'syntax' | 'range', kind: 'int' | 'uint'): [string, Resolved] | undefined =>
    typeof value === 'bigint' ? [INT_TAG, { kind, value }] : undefined;
  if (hint === '.') return float(input) ?? str;
  if (hint === 'D' || hint === 'S') {
    // decoder.scalar keeps a timestamp as the text it was written as.
    if ((tag === '' || tag === TIMESTAMP_TAG) && isGoTimestamp(input)) return [TIMESTAMP_TAG, { kind: 'str', value: input }];
    const plain = input.replaceAll('_', '');
    const found =
      int(goParseInt(plain, 0), 'int') ??
      int(goParseUint(plain, 0), 'uint') ??
      (YAML_STYLE_FLOAT.test(plain) ? float(plain) : undefined) ??
      (plain.startsWith('0b')
        ? (int(goParseInt(plain.slice(2), 2), 'int') ?? int(goParseUint(plain.slice(2), 2), 'uint'))
        : plain.startsWith('-0b')
          ? int(goParseInt(`-${plain.slice(3)}`, 2), 'int')
          : undefined);
    if (found) return found;
  }
  return str;
}

/** go-yaml v2 parseTimestamp: the four time.Parse layouts it tries. */
function isGoTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})|\s(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?$/.exec(
      s,
    );
  if (!m || (m[0].includes(' ') && !/^\S+ \S+$/.test(s))) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  const hour = Number(m[4] ?? m[7] ?? 0);
  const minute = Number(m[5] ?? m[8] ?? 0);
  const second = Number(m[6] ?? m[9] ?? 0);
  return hour < 24 && minute < 60 && second < 60;
}
