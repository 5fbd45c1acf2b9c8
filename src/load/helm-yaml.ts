/**
 * Read a values file exactly the way Helm does, and remember where every key and list item sits.
 *
 * Helm reads values (the chart's values.yaml and every `-f` file) with sigs.k8s.io/yaml: the YAML is
 * decoded by its fork of go-yaml v2 (YAML 1.1 rules) into Go values, turned into JSON, and the JSON is
 * decoded into a `map[string]interface{}`. Everything here copies that pipeline, checked against the
 * real helm binaries (v3.17.3 and v4.1.4) by test/helm-parity.test.ts:
 *
 * - Plain scalars are resolved by go-yaml v2's `resolve()`: `yes/no/on/off/y/n` (any of their listed
 *   spellings) are booleans, `~`/`null`/empty are null, `012` is octal (10), `0o12`, `0x1F`, `0b101`
 *   and `1_000` are ints, `08` is the float 8, `1e3`/`.5`/`1.` are floats, `1e400` (out of range)
 *   stays a string, integers beyond int64 become uint64 or floats. Quoted and block scalars are always
 *   strings. Timestamps (`2001-12-14`) stay the string they were written as.
 * - Then JSON: every number becomes a float64 (so a JS number is exact), `.nan`/`.inf` values are an
 *   error ("json: unsupported value: NaN"), map keys become strings: `on:`/`y:` → "true", `1:` → "1",
 *   float keys are printed as float32 (`1e6:` → "1e+06", `1.23456789:` → "1.2345679"); a null key
 *   (`~:`, `null:`), a uint64 key and a map or list used as a key are errors.
 * - Merge keys `<<` follow go-yaml v2: entries are applied where the `<<` stands, so a `<<` after an
 *   explicit key overrides it; in a list of maps, earlier maps win. Duplicate keys: the last one wins
 *   (no error), and we record them in `duplicates`.
 * - The top level must be a map (or empty): a list or a scalar is an error in Helm.
 * - Documents: Helm 3 reads the FIRST document only (`a: 1\n---\nb: 2` gives {a: 1}). Helm 4 splits
 *   the file at every line starting with `---` (k8s.io/apimachinery YAMLReader; anything but a comment
 *   after the `---` is an error), reads each piece like Helm 3 and deep-merges the pieces in order.
 *   Helm 3 behaviour is the default; pass `{ helm: 4 }` for Helm 4's.
 * - Double-quoted escapes are libyaml's: `"\/"` (YAML 1.2 only) is an error, as in Helm.
 *
 * Known gaps (the YAML syntax itself is parsed by the `yaml` package, not by libyaml): a tag directly
 * followed by a flow indicator (`{a: !!str, b: 1}`) is an error in Helm (libyaml reads `!!str,` as the
 * tag) but reads as "" here; a file holding only `...` is an error in Helm and {} here; past
 * MAX_ALIAS_COUNT expansions we refuse a file Helm might still accept (Helm's own guard is a ratio),
 * and so past the other limits of src/load/limits.ts (size, nodes, nesting depth).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { inputErrorAt } from './input-error.js';
import { pathKey, type ValuesPath } from './path.js';
import type { Location } from '../model/location.js';
import type { Json, JsonObject } from '../json.js';
import { dropSubtree, mergeMaps, setOwn } from './located-tree.js';
import { isObject } from '../json.js';
import { checkDepth, checkExpanded, checkNodes, checkText, estimateShape, MAX_ALIAS_COUNT } from './limits.js';

export { MAX_ALIAS_COUNT };

/** Which Helm major version's file reading to copy (they differ only for multi-document files). */
export type HelmMajor = 3 | 4;

export interface HelmYamlOptions {
  /** 3 (default): first document only. 4: every `---` document, deep-merged. */
  helm?: HelmMajor;
}

export interface DuplicateKey {
  path: ValuesPath;
  first: Location;
  second: Location;
}

export interface ParsedValues {
  file: string;
  /** The values, as Helm hands them on (always a map: an empty file gives {}). */
  value: JsonObject;
  /** Location of every key (for map entries) and item (for list entries), by pathKey. */
  locations: Map<string, Location>;
  duplicates: DuplicateKey[];
  /** Lines of `# dd-lint-disable...` comments are read from this text. */
  text: string;
}

export function parseHelmYaml(file: string, text: string, options: HelmYamlOptions = {}): ParsedValues {
  // Limits (src/load/limits.ts) before `yaml` sees the text: it parses every document of it.
  checkText(file, text);
  const shape = estimateShape(text);
  checkNodes(file, shape.nodes);
  checkDepth(file, text, shape);
  const locations = new Map<string, Location>();
  const duplicates: DuplicateKey[] = [];
  if ((options.helm ?? 3) === 3) {
    const value = readFirstDocument(file, text, locations, duplicates);
    return { file, value, locations, duplicates, text };
  }
  // Helm 4: loader.LoadValues reads each `---` piece with sigs.k8s.io/yaml and merges them (MergeMaps).
  const value: JsonObject = {};
  for (const piece of splitDocuments(file, text)) {
    const pieceLocations = new Map<string, Location>();
    // Blank lines in front keep line numbers (and so error positions) those of the whole file.
    const doc = readFirstDocument(file, '\n'.repeat(piece.startLine - 1) + piece.text, pieceLocations, duplicates);
    mergeMaps(value, doc, [], locations, pieceLocations);
  }
  return { file, value, locations, duplicates, text };
}

/** Map keys become strings as sigs.k8s.io/yaml makes them: `on:` → "true", `1:` → "1", `1e6:` → "1e+06". */
export function helmKey(key: unknown): string {
  if (key === null || key === undefined) return 'null';
  if (typeof key === 'number') return Number.isInteger(key) && Math.abs(key) < 2 ** 63 ? String(key) : formatFloat32(key);
  return String(key);
}

// ---------------------------------------------------------------------------------------------
// Documents

interface Piece {
  text: string;
  startLine: number;
}

/** k8s.io/apimachinery/pkg/util/yaml YAMLReader.Read, which Helm 4 uses to split a values file. */
function splitDocuments(file: string, text: string): Piece[] {
  const pieces: Piece[] = [];
  let buffer = '';
  let startLine = 1;
  const lines = text.split(/(?<=\n)/);
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && trimmed[0] !== '#') {
        throw inputErrorAt(file, lineNo, 1, 'invalid YAML document separator: Helm 4 allows only a comment after ---');
      }
      if (buffer.length > 0) {
        // The separator ends the current piece and belongs to neither.
        pieces.push({ text: buffer, startLine });
        buffer = '';
        return;
      }
    }
    if (buffer.length === 0) startLine = lineNo;
    buffer += line;
  });
  if (buffer.length > 0) pieces.push({ text: buffer, startLine });
  return pieces;
}

/** go-yaml v2 Unmarshal: the first document of the stream, which must be a map (or nothing). */
function readFirstDocument(file: string, text: string, locations: Map<string, Location>, duplicates: DuplicateKey[]): JsonObject {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    // Every scalar stays a string here: they are resolved below by go-yaml v2's own rules.
    schema: 'failsafe',
    version: '1.1',
    uniqueKeys: false,
    merge: false,
    lineCounter,
    prettyErrors: false,
    keepSourceTokens: true,
    logLevel: 'error', // never a warning printed on stderr by `yaml` itself
  });
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const streamErrors = 'errors' in docs ? (docs as { errors: { message: string; pos: [number, number] }[] }).errors : [];
  const doc = (docs as Document[])[0];
  const firstError = doc?.errors[0] ?? streamErrors[0];
  if (firstError) {
    const pos = at(firstError.pos[0]);
    throw inputErrorAt(file, pos.line, pos.column, `invalid YAML: ${firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  if (!doc) {
    // go-yaml: a directive (`%YAML 1.1`) with no document after it is an error.
    const directive = /^%/m.exec(text);
    if (directive) {
      const pos = at(directive.index);
      throw inputErrorAt(file, pos.line, pos.column, 'invalid YAML: a directive must be followed by a document (---)');
    }
    return {};
  }
  if (doc.contents === null) return {};
  if (text.includes('*')) checkExpanded(file, doc, at); // without an alias, checkDepth and checkNodes bound it
  const builder = new Builder(file, doc, at, locations, duplicates);
  const value = builder.build(doc.contents as Node, [], undefined, true);
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    const pos = at(doc.contents.range?.[0] ?? 0);
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw inputErrorAt(file, pos.line, pos.column, `a values file must be a map at the top level, not ${kind} (Helm: "cannot unmarshal ... into Go value of type map[string]interface {}")`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// go-yaml v2 decoding into interface{}, then sigs.k8s.io/yaml's conversion to JSON

class Builder {
  private aliasCount = 0;
  private readonly expanding = new Set<Node>();

  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly at: (offset: number) => Location,
    private readonly locations: Map<string, Location>,
    private readonly duplicates: DuplicateKey[],
  ) {}

  /**
   * The JSON value of `node`. `via` is set inside an alias or merge expansion: every path written
   * then points at the alias (or `<<`) the user wrote, not into the anchor. `record` false builds
   * without touching locations (for merges, recorded by the caller).
   */
  build(node: Node | null | undefined, path: ValuesPath, via: Location | undefined, record: boolean): Json {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      return this.expandAlias(node, via, (target, loc) => this.build(target, path, loc, record));
    }
    if (isScalar(node)) return this.scalarValue(node);
    if (isSeq(node)) {
      return node.items.map((item, index) => {
        const childPath = [...path, index];
        const itemNode = item as Node | null;
        if (record) this.record(childPath, via ?? this.at(itemNode?.range?.[0] ?? node.range?.[0] ?? 0));
        // `[a: 1]`: a single-pair map inside a flow sequence.
        if (isPair(itemNode)) return this.buildMap([itemNode], childPath, via, record, node);
        return this.build(itemNode, childPath, via, record);
      });
    }
    if (isMap(node)) return this.buildMap(node.items, path, via, record, node);
    if (isPair(node)) return this.buildMap([node], path, via, record, node);
    return null;
  }

  private buildMap(pairs: readonly unknown[], path: ValuesPath, via: Location | undefined, record: boolean, owner: Node): JsonObject {
    const out: JsonObject = {};
    /** Where each key was written explicitly in this mapping (merged keys are not duplicates). */
    const explicit = new Map<string, Location>();
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (this.isMergeKey(keyNode)) {
        this.merge(out, valueNode, path, via ?? this.at(keyNode?.range?.[0] ?? 0), record);
        continue;
      }
      const key = this.keyString(keyNode, owner);
      const childPath = [...path, key];
      const loc = via ?? this.at(keyNode?.range?.[0] ?? valueNode?.range?.[0] ?? owner.range?.[0] ?? 0);
      const earlier = explicit.get(key);
      if (earlier && !via) this.duplicates.push({ path: childPath, first: earlier, second: loc });
      explicit.set(key, loc);
      if (record) {
        if (Object.hasOwn(out, key)) dropSubtree(this.locations, childPath);
        this.record(childPath, loc);
      }
      setOwn(out, key, this.build(valueNode, childPath, via, record));
    }
    return out;
  }

  /** go-yaml v2 decoder.merge: a map, an alias of a map, or a list of those (earlier ones win). */
  private merge(out: JsonObject, node: Node | null, path: ValuesPath, loc: Location, record: boolean): void {
    const fail = (): never => {
      const pos = this.at(node?.range?.[0] ?? 0);
      throw inputErrorAt(this.file, pos.line, pos.column, 'invalid YAML: map merge requires map or sequence of maps as the value');
    };
    const one = (item: Node | null): void => {
      let source: Json;
      if (isAlias(item)) {
        source = this.expandAlias(item, loc, (target) => {
          if (!isMap(target)) fail();
          return this.build(target, path, loc, false);
        });
      } else if (isMap(item)) {
        source = this.build(item, path, loc, false);
      } else {
        return fail();
      }
      for (const [key, value] of Object.entries(source as JsonObject)) {
        const childPath = [...path, key];
        if (record) {
          if (Object.hasOwn(out, key)) dropSubtree(this.locations, childPath);
          recordTree(this.locations, childPath, value, loc);
        }
        setOwn(out, key, value);
      }
    };
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i] as Node | null;
        if (!isAlias(item) && !isMap(item)) fail();
        one(item);
      }
    } else {
      one(node);
    }
  }

  private expandAlias<T>(alias: Node, via: Location | undefined, expand: (target: Node, loc: Location) => T): T {
    if (!isAlias(alias)) throw new Error('not an alias');
    const pos = this.at(alias.range?.[0] ?? 0);
    if (++this.aliasCount > MAX_ALIAS_COUNT) {
      throw inputErrorAt(
        this.file,
        pos.line,
        pos.column,
        `too many alias expansions (more than ${MAX_ALIAS_COUNT}): refusing to expand *${alias.source}, which looks like an alias bomb`,
      );
    }
    const target = alias.resolve(this.doc) as Node | undefined;
    if (!target) throw inputErrorAt(this.file, pos.line, pos.column, `invalid YAML: unknown anchor '${alias.source}' referenced`);
    if (this.expanding.has(target)) {
      throw inputErrorAt(this.file, pos.line, pos.column, `invalid YAML: anchor '${alias.source}' value contains itself`);
    }
    this.expanding.add(target);
    try {
      return expand(target, via ?? pos);
    } finally {
      this.expanding.delete(target);
    }
  }

  private isMergeKey(node: Node | null): boolean {
    return isScalar(node) && node.value === '<<' && ((node.type === 'PLAIN' && !node.tag) || node.tag === MERGE_TAG);
  }

  /** A map key as sigs.k8s.io/yaml turns it into a JSON object key. */
  private keyString(node: Node | null, owner: Node): string {
    const pos = this.at(node?.range?.[0] ?? owner.range?.[0] ?? 0);
    let scalarNode: Node | null | undefined = node;
    if (isAlias(node)) {
      scalarNode = this.expandAlias(node, undefined, (target) => target);
    }
    if (scalarNode === null || scalarNode === undefined) {
      throw inputErrorAt(this.file, pos.line, pos.column, 'invalid YAML key: a null key cannot become a JSON key (Helm: "unsupported map key of type: <nil>")');
    }
    if (!isScalar(scalarNode)) {
      throw inputErrorAt(this.file, pos.line, pos.column, 'invalid YAML key: a map or list cannot be a key (Helm: "invalid map key")');
    }
    const resolved = this.resolveNode(scalarNode);
    switch (resolved.kind) {
      case 'str':
        return resolved.value;
      case 'bool':
        return resolved.value ? 'true' : 'false';
      case 'int':
        return resolved.value.toString();
      case 'float':
        return formatFloat32(resolved.value);
      case 'null':
        throw inputErrorAt(this.file, pos.line, pos.column, `invalid YAML key "${String(scalarNode.value)}": a null key cannot become a JSON key (Helm: "unsupported map key of type: <nil>")`);
      case 'uint':
        throw inputErrorAt(this.file, pos.line, pos.column, `invalid YAML key ${String(scalarNode.value)}: beyond int64 (Helm: "unsupported map key of type: uint64")`);
    }
  }

  private scalarValue(node: Node): Json {
    if (!isScalar(node)) return null;
    const resolved = this.resolveNode(node);
    switch (resolved.kind) {
      case 'null':
        return null;
      case 'str':
      case 'bool':
        return resolved.value;
      case 'int':
      case 'uint':
        return Number(resolved.value);
      case 'float':
        if (!Number.isFinite(resolved.value)) {
          const pos = this.at(node.range?.[0] ?? 0);
          const what = Number.isNaN(resolved.value) ? 'NaN' : resolved.value > 0 ? '+Inf' : '-Inf';
          throw inputErrorAt(this.file, pos.line, pos.column, `${String(node.value)} cannot be a value: Helm turns values into JSON, which has no ${what} ("json: unsupported value: ${what}")`);
        }
        return resolved.value;
    }
  }

  private resolveNode(node: Node): Resolved {
    if (!isScalar(node)) return { kind: 'null' };
    const text = String(node.value ?? '');
    const tag = node.tag ?? '';
    const pos = () => this.at(node.range?.[0] ?? 0);
    if (node.type === 'QUOTE_DOUBLE') this.checkEscapes(node);
    // go-yaml v2 decoder.scalar: an untagged quoted or block scalar is a string, full stop.
    if (!tag && node.type !== 'PLAIN') return { kind: 'str', value: text };
    if (tag === BINARY_TAG) {
      const compact = text.replace(/[\r\n]/g, '');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
        const p = pos();
        throw inputErrorAt(this.file, p.line, p.column, 'invalid YAML: !!binary value contains invalid base64 data');
      }
      return { kind: 'str', value: Buffer.from(compact, 'base64').toString('utf8') };
    }
    try {
      return goResolve(tag, text);
    } catch (err) {
      if (!(err instanceof ResolveError)) throw err;
      const p = pos();
      throw inputErrorAt(this.file, p.line, p.column, `invalid YAML: ${err.message}`);
    }
  }

  /** go-yaml v2 (libyaml) knows fewer escapes than YAML 1.2: `"\/"` is "found unknown escape character". */
  private checkEscapes(node: Node): void {
    const raw = (node as { srcToken?: { source?: string } }).srcToken?.source ?? '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] !== '\\') continue;
      const c = raw[++i] ?? '';
      if (!GO_YAML_ESCAPES.includes(c)) {
        const pos = this.at((node.range?.[0] ?? 0) + i - 1);
        throw inputErrorAt(this.file, pos.line, pos.column, `invalid YAML: found unknown escape character "\\${c}" (Helm's YAML reader does not know it)`);
      }
    }
  }

  private record(path: ValuesPath, loc: Location): void {
    this.locations.set(pathKey(path), loc);
  }
}

// ---------------------------------------------------------------------------------------------
// go-yaml v2 resolve() (sigs.k8s.io/yaml/goyaml.v2/resolve.go, as built into Helm 3.17 and 4.1)

const LONG = 'tag:yaml.org,2002:';
const STR_TAG = `${LONG}str`;
const BOOL_TAG = `${LONG}bool`;
const INT_TAG = `${LONG}int`;
const FLOAT_TAG = `${LONG}float`;
const NULL_TAG = `${LONG}null`;
const TIMESTAMP_TAG = `${LONG}timestamp`;
const BINARY_TAG = `${LONG}binary`;
const MERGE_TAG = `${LONG}merge`;

type Resolved =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'uint'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string };

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

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 122) return lower - 97 + 10;
  return 99;
}

/** Go strconv.ParseUint(s, base, 64) (base 0: 0b/0o/0x prefixes, leading 0 = octal); no underscores. */
function goParseUint(s: string, base: number): bigint | 'syntax' | 'range' {
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
function goParseFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
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

function recordTree(locations: Map<string, Location>, path: ValuesPath, value: Json, loc: Location): void {
  locations.set(pathKey(path), loc);
  if (Array.isArray(value)) value.forEach((item, i) => recordTree(locations, [...path, i], item, loc));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) recordTree(locations, [...path, k], v, loc);
}
