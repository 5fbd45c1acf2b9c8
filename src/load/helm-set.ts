/**
 * Helm's `--set` / `--set-string` syntax: a faithful port of helm.sh/helm/v3/pkg/strvals parser.go
 * (ParseInto / ParseIntoString, identical in Helm 3.17 and Helm 4.1), checked against both helm
 * binaries by test/helm-parity.test.ts and test/helm-set.test.ts.
 *
 * - `a.b=c,d=e`: dots nest maps, commas separate assignments. `\` escapes the next character anywhere
 *   (`a\.b=1` is the key "a.b", `a=x\,y` the value "x,y"; `\n` is just "n").
 * - `a[0]=x`, `a[0].b=x`, `a[0][1]=x`: list indexes; a list grows with nulls up to the index
 *   (at most 65536; negative indexes are refused).
 * - `a={x,y}`: a list (`{}` is the list [""]). Everything after the first `=` is the value (`a=b=c`).
 * - Values with --set: `true`/`false`/`null` in any case (`null` later deletes a chart default),
 *   `0`, and integers that fit int64 and do not start with `0` (`-012` is -12, `+5` is 5) are typed;
 *   everything else stays a string: `007`, `1.5`, `1e3`, `0x10`, ` 1` (spaces are kept),
 *   `9223372036854775808`. With --set-string every value is a string.
 * - `a=` sets "", `a` alone or `a,b=1` is an error, `=5` and `.a=1` (empty key) are silently ignored,
 *   a name of more than 30 dots is an error.
 * - Setting through a value of the wrong type is an error (Helm panics and reports "interface
 *   conversion"): `a.b=1` when `a` is a number, a list or null; `a[0]=1` when `a` is a map or null.
 *   The one exception: `a[0].b=1` replaces a non-map `a[0]` with a map.
 *
 * An integer beyond 2^53 is exact in Helm (int64) but rounded here (a JS number).
 *
 * Errors are InputErrors of one line, `--set <argument>: <what is wrong>`, with Helm's wording where it
 * helps; the argument is shown with its values replaced by `…` and no message quotes a value (they
 * are often secrets). --set-json, --set-file and --set-literal are not supported.
 */
import { InputError } from './input-error.js';
import type { ValuesPath } from './path.js';

export interface SetOptions {
  /** --set-string: every value stays a string. */
  asString: boolean;
  /**
   * Which Helm's parser to copy (default 3). The one difference: an index left open at the very end
   * (`a[0`, `a[0].b[1`) is an error in Helm 3 ("error parsing index: EOF") while Helm 4 takes it as
   * the end of the input and quietly ignores that assignment (its parse loop unwraps the EOF).
   */
  helm?: 3 | 4;
}

/** strvals.MaxIndex: the largest list index --set accepts. */
export const MAX_INDEX = 65536;
/** strvals.MaxNestedNameLevel: the most dots a --set name may have. */
export const MAX_NESTED_NAME_LEVEL = 30;

type Value = unknown;
type Obj = Record<string, Value>;

/** Apply one --set argument (may hold several comma-separated assignments) to `target`; returns the paths written. */
export function applySet(target: Record<string, unknown>, expr: string, options: SetOptions): ValuesPath[] {
  const parser = new Parser(expr, options.asString, options.helm ?? 3);
  try {
    parser.parse(target);
  } catch (err) {
    if (err instanceof SetError) {
      throw new InputError(`${options.asString ? '--set-string' : '--set'} ${redactValues(expr)}: ${err.message}`);
    }
    throw err;
  }
  // A name with an empty part (`.a=1`) writes nothing: Helm silently drops empty keys.
  return parser.written.filter((path) => reaches(target, path));
}

/**
 * The --set argument as an error message shows it: names kept, every value (what follows the first
 * `=` of each comma-separated assignment) replaced by `…`, since values are often secrets.
 */
export function redactValues(expr: string): string {
  let out = '';
  const runes = Array.from(expr);
  let i = 0;
  const skipUntil = (stop: string) => {
    for (; i < runes.length && !stop.includes(runes[i]!); i++) if (runes[i] === '\\') i++;
  };
  while (i < runes.length) {
    const r = runes[i]!;
    if (r === '\\') {
      out += r + (runes[i + 1] ?? '');
      i += 2;
    } else if (r === '=') {
      out += '=…';
      i++;
      if (runes[i] === '{') skipUntil('}'); // a {a,b} list: its commas are inside the value
      skipUntil(',');
    } else {
      out += r;
      i++;
    }
  }
  return out;
}

function reaches(target: Value, path: ValuesPath): boolean {
  let node = target;
  for (const part of path) {
    if (typeof part === 'number' ? !Array.isArray(node) || part >= node.length : !isMap(node) || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string | number, Value>)[part];
  }
  return true;
}

/** An error Helm reports for this --set argument (the message is ours, the cases are Helm's). */
class SetError extends Error {}

const EOF = Symbol('EOF');
/** strvals.ErrNotList: the value is not a `{...}` list. */
const NOT_LIST = Symbol('not a list');

/** A Go error value as the parser passes it around: EOF, "not a list", or a real error. */
type GoErr = typeof EOF | typeof NOT_LIST | SetError | undefined;

class Parser {
  private readonly runes: string[];
  private pos = 0;
  readonly written: ValuesPath[] = [];

  constructor(
    expr: string,
    private readonly asString: boolean,
    private readonly helm: 3 | 4,
  ) {
    this.runes = Array.from(expr);
  }

  parse(data: Obj): void {
    for (;;) {
      const err = this.key(data, 0, []);
      if (err === undefined) continue;
      if (err === EOF) return;
      throw err;
    }
  }

  // --- reading

  private readRune(): string | typeof EOF {
    return this.pos < this.runes.length ? this.runes[this.pos++]! : EOF;
  }

  private unreadRune(): void {
    this.pos--;
  }

  /** Runes up to one of `stop` (consumed, returned as `last`), `\` escaping the next rune. */
  private runesUntil(stop: string): { text: string; last: string | typeof EOF } {
    let text = '';
    for (;;) {
      const r = this.readRune();
      if (r === EOF) return { text, last: EOF };
      if (stop.includes(r)) return { text, last: r };
      if (r === '\\') {
        const next = this.readRune();
        if (next === EOF) return { text, last: EOF };
        text += next;
      } else {
        text += r;
      }
    }
  }

  // --- grammar

  private key(data: Obj, nestedNameLevel: number, prefix: ValuesPath): GoErr {
    const { text: k, last } = this.runesUntil('=[,.');
    if (last === EOF) {
      if (k.length === 0) return EOF;
      return new SetError(`key "${k}" has no value`);
    }
    const path = [...prefix, k];
    switch (last) {
      case '[': {
        const index = this.keyIndex();
        if (index === EOF) return EOF;
        if (index instanceof SetError) return new SetError(`error parsing index: ${index.message}`);
        let list: Value[] = [];
        if (Object.hasOwn(data, k)) list = asList(data[k], path);
        const [result, err] = this.listItem(list, index, nestedNameLevel, path);
        set(data, k, result);
        return err;
      }
      case '=': {
        const [list, e] = this.valList();
        if (e === undefined) {
          this.assign(data, k, list, path);
          return undefined;
        }
        if (e === EOF) {
          this.assign(data, k, '', path);
          return EOF;
        }
        if (e === NOT_LIST) {
          const { text } = this.runesUntil(',');
          this.assign(data, k, this.typed(text), path);
          return undefined;
        }
        return e;
      }
      case ',':
        set(data, k, '');
        return new SetError(`key "${k}" has no value (cannot end with ,)`);
      case '.': {
        nestedNameLevel++;
        if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
          return new SetError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        let inner: Obj = {};
        if (Object.hasOwn(data, k)) inner = asMap(data[k], path);
        const e = this.key(inner, nestedNameLevel, path);
        if (e === undefined && Object.keys(inner).length === 0) return new SetError(`key map "${k}" has no value`);
        if (Object.keys(inner).length !== 0) set(data, k, inner);
        return e;
      }
      default:
        return new SetError(`unexpected "${last}"`);
    }
  }

  private keyIndex(): number | SetError | typeof EOF {
    const { text, last } = this.runesUntil(']');
    if (last === EOF) return this.helm === 4 ? EOF : new SetError('EOF (missing "]")');
    // strconv.Atoi (the text is not quoted back: it may be part of a secret).
    if (!/^[+-]?\d+$/.test(text)) return new SetError('the index is not an integer (strconv.Atoi: invalid syntax)');
    const n = BigInt(text);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) return new SetError('the index is out of range (strconv.Atoi: value out of range)');
    return Number(n);
  }

  private listItem(list: Value[], i: number, nestedNameLevel: number, prefix: ValuesPath): [Value[], GoErr] {
    if (i < 0) return [list, new SetError(`negative ${i} index not allowed`)];
    const path = [...prefix, i];
    const { text: k, last } = this.runesUntil('[.=');
    if (k.length > 0) return [list, new SetError('unexpected data at end of array index (only ".", "[" or "=" may follow "]")')];
    if (last === EOF) return [list, EOF];
    switch (last) {
      case '=': {
        const [vl, e] = this.valList();
        if (e === undefined) return this.setIndex(list, i, vl, path);
        if (e === EOF) return this.setIndex(list, i, '', path);
        if (e === NOT_LIST) {
          const { text } = this.runesUntil(',');
          return this.setIndex(list, i, this.typed(text), path);
        }
        return [list, e];
      }
      case '[': {
        const nextI = this.keyIndex();
        if (nextI === EOF) return [list, EOF];
        if (nextI instanceof SetError) return [list, new SetError(`error parsing index: ${nextI.message}`)];
        let current: Value[] = [];
        if (list.length > i && list[i] !== null && list[i] !== undefined) current = asList(list[i], path);
        const [inner, err] = this.listItem(current, nextI, nestedNameLevel, path);
        if (err !== undefined) return [list, err];
        return setIndex(list, i, inner);
      }
      case '.': {
        let inner: Obj = {};
        if (list.length > i) {
          const existing = list[i];
          if (isMap(existing)) inner = existing;
          else list[i] = inner; // indexes out of order: a non-map item becomes a map
        }
        const e = this.key(inner, nestedNameLevel, path);
        if (e !== undefined) return [list, e];
        return setIndex(list, i, inner);
      }
      default:
        return [list, new SetError(`parse error: unexpected token ${last}`)];
    }
  }

  /** `{a,b}` (consumes a comma right after the `}`), NOT_LIST when the value does not start with `{`. */
  private valList(): [Value[], GoErr] {
    const r = this.readRune();
    if (r === EOF) return [[], EOF];
    if (r !== '{') {
      this.unreadRune();
      return [[], NOT_LIST];
    }
    const list: Value[] = [];
    for (;;) {
      const { text, last } = this.runesUntil(',}');
      if (last === EOF) return [list, new SetError(`list must terminate with '}'`)];
      if (last === '}') {
        const next = this.readRune();
        if (next !== EOF && next !== ',') this.unreadRune();
        list.push(this.typed(text));
        return [list, undefined];
      }
      list.push(this.typed(text));
    }
  }

  private typed(text: string): Value {
    return this.asString ? text : typedVal(text);
  }

  private assign(data: Obj, k: string, value: Value, path: ValuesPath): void {
    if (k.length === 0) return;
    set(data, k, value);
    this.written.push(path);
  }

  private setIndex(list: Value[], i: number, value: Value, path: ValuesPath): [Value[], GoErr] {
    const result = setIndex(list, i, value);
    if (result[1] === undefined) this.written.push(path);
    return result;
  }
}

/** strvals setIndex: grows the list with nulls; the index must be 0..MAX_INDEX. */
function setIndex(list: Value[], index: number, value: Value): [Value[], GoErr] {
  if (index < 0) return [list, new SetError(`negative ${index} index not allowed`)];
  if (index > MAX_INDEX) return [list, new SetError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`)];
  while (list.length <= index) list.push(null);
  list[index] = value;
  return [list, undefined];
}

/** strvals set: an empty key is silently not set. */
function set(data: Obj, key: string, value: Value): void {
  if (key.length === 0) return;
  if (key === '__proto__') Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
  else data[key] = value;
}

function isMap(value: Value): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, never what it holds (it may be a secret). */
function describe(value: Value): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isMap(value)) return 'a map';
  return `a ${typeof value}`;
}

function formatPath(path: ValuesPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : (out ? '.' : '') + part;
  return out;
}

/** Helm: `data[k].([]interface{})`, a panic (reported as an error) when it is not a list. */
function asList(value: Value, path: ValuesPath): Value[] {
  if (Array.isArray(value)) return value;
  throw new SetError(`${formatPath(path)} is ${describe(value)}, not a list, so it cannot take an index (Helm: "interface conversion ... not []interface {}")`);
}

/** Helm: `data[k].(map[string]interface{})`, a panic (reported as an error) when it is not a map. */
function asMap(value: Value, path: ValuesPath): Obj {
  if (isMap(value)) return value;
  throw new SetError(`${formatPath(path)} is ${describe(value)}, not a map, so it cannot take a key (Helm: "interface conversion ... not map[string]interface {}")`);
}

/** Go strings.EqualFold against an ASCII word (U+017F "ſ" folds to "s", U+212A "K" to "k"). */
function equalFold(s: string, word: string): boolean {
  const runes = Array.from(s);
  if (runes.length !== word.length) return false;
  return runes.every((r, i) => {
    const folded = r === '\u017f' ? 's' : r === '\u212a' ? 'k' : r.length === 1 && r < '\u0080' ? r.toLowerCase() : r;
    return folded === word[i];
  });
}

/** strvals typedVal for --set: booleans, null, int64 (not starting with 0), else the string. */
export function typedVal(value: string): Value {
  if (equalFold(value, 'true')) return true;
  if (equalFold(value, 'false')) return false;
  if (equalFold(value, 'null')) return null;
  if (value === '0') return 0;
  if (value.length !== 0 && value[0] !== '0' && /^[+-]?[0-9]+$/.test(value)) {
    const n = BigInt(value);
    if (n <= 2n ** 63n - 1n && n >= -(2n ** 63n)) return Number(n);
  }
  return value;
}
