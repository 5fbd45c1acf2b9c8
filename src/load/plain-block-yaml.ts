/**
 * A reader for the plain block YAML that most manifests are written in: block maps and lists,
 * plain and one-line quoted scalars, `|` block scalars, `{}`, `[]` and comments. It is several
 * times cheaper than the yaml library's document tree, since it builds the values and the positions
 * of keys and list items directly. For anything else (anchors, aliases, tags, flow collections,
 * folded or multi-line scalars, escapes, duplicate or non-string keys, tabs, CR, unusual
 * characters) it gives up and returns undefined; the caller then reads the document with the yaml
 * library, which also reports any error. Plain scalars are resolved by the yaml library's own YAML
 * 1.1 tags, so both readers give the same values and positions (test/plain-block-yaml.test.ts
 * holds them to that).
 */
import { isScalar, Schema, type ScalarTag } from 'yaml';
import type { Json, JsonObject } from '../json.js';

/**
 * Where a container's entries are written: a map as [key, at, child, key, at, child...], a list as
 * [at, child, at, child...]; `at` packs line and column (packPosition), `child` is the entry's own
 * positions when it is a map or a list, else 0.
 */
export type Positions = (string | number | Positions)[];

export interface PlainBlockDocument {
  value: Json;
  positions: Positions;
  /** Where the document's node starts (packed). */
  start: number;
}

const COLUMNS = 2 ** 20;
const packPosition = (line: number, column: number): number => line * COLUMNS + column;
export const positionLine = (at: number): number => Math.floor(at / COLUMNS);
export const positionColumn = (at: number): number => at % COLUMNS;

/** Characters the reader handles: printable ASCII, newline, and non-ASCII text without surrogates, NEL, line separators or a BOM. */
const UNHANDLED_CHARACTER = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
/** A key the reader takes as written: a string under YAML 1.1 (no number, boolean or null), not `<<`. */
const PLAIN_KEY = /[A-Za-z_/][\w./-]*/y;
/** Words a YAML 1.1 plain scalar starting with a letter may resolve from: booleans and null. */
const SPECIAL_WORD = /^(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)$/;
/** The rest of a line after a value: spaces, then maybe a comment. */
const LINE_END = /[ ]*(?:#.*)?$/y;
/** `|`, `|-`: the block scalar headers handled (no `+`, no indentation indicator). */
const LITERAL_HEADER = /\|(-?)[ ]*(?:[ ]#.*)?$/y;

/** The YAML 1.1 tags that resolve plain scalars, in the order the yaml library tries them. */
const PLAIN_TAGS = new Schema({ resolveKnownTags: false, schema: 'yaml-1.1' }).tags.filter((tag): tag is ScalarTag => tag.default === true && !!tag.test && !('collection' in tag && tag.collection));

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

function resolvePlain(text: string): Json {
  const c = text.charCodeAt(0);
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (letter && !SPECIAL_WORD.test(text)) return text;
  for (const tag of PLAIN_TAGS) {
    if (!tag.test!.test(text)) continue;
    const resolved: unknown = tag.resolve!(text, giveUp, { intAsBigInt: false } as never);
    const value = isScalar(resolved) ? resolved.value : resolved;
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value as Json;
    return giveUp(); // a timestamp (a Date), an infinity or NaN: left to the full reader
  }
  return text;
}

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Leading spaces of each line; -1 for a blank or comment line. */
  private readonly indents: number[] = [];
  /** The current line, and the column its content starts at (further right than its indent after a `- `). */
  private line = 0;
  private column = 0;

  constructor(
    private readonly text: string,
    private readonly lineOffset: number,
  ) {
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      this.starts.push(start);
      this.ends.push(end);
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) i++;
      this.indents.push(i === end || text.charCodeAt(i) === 35 ? -1 : i - start);
      start = end + 1;
    }
  }

  read(): PlainBlockDocument {
    this.goTo(this.firstLine());
    this.skipBlank();
    if (this.line >= this.indents.length || this.indents[this.line] !== 0) giveUp();
    this.column = 0;
    const start = this.at(0);
    const { value, positions } = this.block(0);
    this.skipBlank();
    if (this.line < this.indents.length) giveUp();
    return { value, positions: positions!, start };
  }

  /** The first line to read: past a leading `---` marker; any other marker or directive gives up. */
  private firstLine(): number {
    let first = 0;
    for (let n = 0; n < this.starts.length; n++) {
      const start = this.starts[n]!;
      const c = this.text.charCodeAt(start);
      if (c === 37) giveUp(); // %
      if ((c === 45 || c === 46) && /^(?:---|\.\.\.)(?=[ ]|$)/.test(this.text.slice(start, Math.min(start + 4, this.ends[n]!)))) {
        if (n !== 0 || c !== 45) giveUp();
        LINE_END.lastIndex = start + 3;
        if (!LINE_END.test(this.text.slice(0, this.ends[n]))) giveUp();
        first = 1;
      }
    }
    return first;
  }

  private goTo(line: number): void {
    this.line = line;
    this.column = line < this.indents.length ? this.indents[line]! : 0;
  }

  /** Past blank and comment lines; the column stays where it is on a line with content. */
  private skipBlank(): void {
    while (this.line < this.indents.length && this.indents[this.line] === -1) this.goTo(this.line + 1);
  }

  private at(column: number): number {
    if (column + 1 >= COLUMNS) giveUp();
    return packPosition(this.line + 1 + this.lineOffset, column + 1);
  }

  private isItem(): boolean {
    const i = this.starts[this.line]! + this.column;
    return this.text.charCodeAt(i) === 45 && (i + 1 === this.ends[this.line] || this.text.charCodeAt(i + 1) === 32);
  }

  /** A map or a list whose first entry is at the current line and column. */
  private block(indent: number): { value: Json; positions?: Positions } {
    return this.isItem() ? this.list(indent) : this.map(indent);
  }

  private map(indent: number): { value: Json; positions: Positions } {
    const value: JsonObject = {};
    const positions: Positions = [];
    for (;;) {
      this.skipBlank();
      if (this.line >= this.indents.length || this.column < indent) break;
      if (this.column > indent || this.isItem()) giveUp();
      const start = this.starts[this.line]!;
      const end = this.ends[this.line]!;
      const keyStart = start + this.column;
      PLAIN_KEY.lastIndex = keyStart;
      if (!PLAIN_KEY.test(this.text)) giveUp();
      const colon = PLAIN_KEY.lastIndex;
      if (colon > end || this.text.charCodeAt(colon) !== 58 || (colon + 1 < end && this.text.charCodeAt(colon + 1) !== 32) || colon - keyStart > 1000) giveUp();
      const key = this.text.slice(keyStart, colon);
      if (SPECIAL_WORD.test(key) || key === '__proto__' || Object.hasOwn(value, key)) giveUp();
      const at = this.at(this.column);
      let valueStart = colon + 1;
      while (valueStart < end && this.text.charCodeAt(valueStart) === 32) valueStart++;
      const child = valueStart === end || this.text.charCodeAt(valueStart) === 35 ? this.nested(indent) : this.inline(valueStart, indent);
      value[key] = child.value;
      positions.push(key, at, child.positions ?? 0);
    }
    return { value, positions };
  }

  private list(indent: number): { value: Json; positions: Positions } {
    const value: Json[] = [];
    const positions: Positions = [];
    for (;;) {
      this.skipBlank();
      if (this.line >= this.indents.length || this.column < indent) break;
      if (this.column > indent) giveUp();
      if (!this.isItem()) break; // a key of the map this list is the value of, at the same indent
      const start = this.starts[this.line]!;
      const end = this.ends[this.line]!;
      let content = start + this.column + 1;
      while (content < end && this.text.charCodeAt(content) === 32) content++;
      if (content === end || this.text.charCodeAt(content) === 35 || this.text.charCodeAt(content) === 124) giveUp(); // `-` alone, or `- |`
      this.column = content - start;
      if (this.isItem()) giveUp(); // `- - a`
      const at = this.at(this.column);
      PLAIN_KEY.lastIndex = content;
      const colon = PLAIN_KEY.test(this.text) ? PLAIN_KEY.lastIndex : -1;
      const isMap = colon !== -1 && this.text.charCodeAt(colon) === 58 && (colon + 1 === end || this.text.charCodeAt(colon + 1) === 32);
      const child = isMap ? this.map(this.column) : this.inline(content, indent);
      value.push(child.value);
      positions.push(at, child.positions ?? 0);
    }
    return { value, positions };
  }

  /** The value of a key written alone on its line: a block on the next lines (a list may start at the key's indent), or null. */
  private nested(indent: number): { value: Json; positions?: Positions } {
    this.goTo(this.line + 1);
    this.skipBlank();
    if (this.line >= this.indents.length) return { value: null };
    if (this.column > indent) return this.block(this.column);
    if (this.column === indent && this.isItem()) return this.list(indent);
    return { value: null };
  }

  /** A value that starts on the current line at `start`; moves past it. */
  private inline(start: number, indent: number): { value: Json; positions?: Positions } {
    const end = this.ends[this.line]!;
    const c = this.text.charCodeAt(start);
    let value: Json;
    let rest: number;
    if (c === 124) return this.literal(start, indent); // |
    if (c === 39) {
      // 'single quoted', '' for a quote
      let out = '';
      let i = start + 1;
      for (;;) {
        const close = this.text.indexOf("'", i);
        if (close === -1 || close >= end) return giveUp();
        out += this.text.slice(i, close);
        if (this.text.charCodeAt(close + 1) === 39) {
          out += "'";
          i = close + 2;
        } else {
          rest = close + 1;
          break;
        }
      }
      value = out;
    } else if (c === 34) {
      const close = this.text.indexOf('"', start + 1);
      if (close === -1 || close >= end) return giveUp();
      value = this.text.slice(start + 1, close);
      if (value.includes('\\')) giveUp();
      rest = close + 1;
    } else if (c === 91 || c === 123) {
      // [] or {}
      if (this.text.charCodeAt(start + 1) !== c + 2) giveUp();
      value = c === 91 ? [] : {};
      rest = start + 2;
      this.endLine(rest);
      return { value, positions: [] };
    } else {
      // A plain scalar to the end of the line or a ` #` comment.
      if ('-?:,]}#&*!>%@`'.includes(this.text[start]!) && !(c === 45 && start + 1 < end && this.text.charCodeAt(start + 1) !== 32 && this.text.charCodeAt(start + 1) !== 45)) giveUp();
      let stop = start;
      while (stop < end && !(this.text.charCodeAt(stop) === 35 && this.text.charCodeAt(stop - 1) === 32)) stop++;
      while (stop > start && this.text.charCodeAt(stop - 1) === 32) stop--;
      const text = this.text.slice(start, stop);
      if (text.includes(': ') || text.endsWith(':')) giveUp();
      this.goTo(this.line + 1);
      return { value: resolvePlain(text) };
    }
    this.endLine(rest);
    return { value };
  }

  /** Only spaces and a comment may follow a quoted or flow value on its line; moves to the next line. */
  private endLine(from: number): void {
    const end = this.ends[this.line]!;
    let i = from;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    if (i < end && (this.text.charCodeAt(i) !== 35 || i === from)) giveUp();
    this.goTo(this.line + 1);
  }

  /** A `|` or `|-` block scalar whose content is indented more than `indent`. */
  private literal(start: number, indent: number): { value: Json } {
    LITERAL_HEADER.lastIndex = start;
    const header = LITERAL_HEADER.exec(this.text.slice(0, this.ends[this.line]));
    if (!header) giveUp();
    const strip = header![1] === '-';
    const first = this.line + 1;
    if (first >= this.starts.length || this.isEmptyLine(first)) giveUp();
    const contentIndent = this.leadingSpaces(first);
    if (contentIndent <= indent) giveUp();
    const lines: string[] = [];
    let last = first; // the last line with content
    for (let n = first; n < this.starts.length; n++) {
      if (this.isEmptyLine(n)) {
        if (this.ends[n]! - this.starts[n]! > contentIndent) giveUp(); // spaces past the indent are content
        continue;
      }
      if (this.leadingSpaces(n) < contentIndent) break;
      last = n;
    }
    if (last === this.starts.length - 1 && this.ends[last] === this.text.length) giveUp(); // no line break after the end
    for (let n = first; n <= last; n++) lines.push(this.isEmptyLine(n) ? '' : this.text.slice(this.starts[n]! + contentIndent, this.ends[n]));
    // Trailing empty lines are dropped (clip and strip); skipBlank passes over them.
    this.goTo(last + 1);
    return { value: lines.join('\n') + (strip ? '' : '\n') };
  }

  private isEmptyLine(n: number): boolean {
    for (let i = this.starts[n]!; i < this.ends[n]!; i++) if (this.text.charCodeAt(i) !== 32) return false;
    return true;
  }

  private leadingSpaces(n: number): number {
    let i = this.starts[n]!;
    while (i < this.ends[n]! && this.text.charCodeAt(i) === 32) i++;
    return i - this.starts[n]!;
  }
}

/**
 * The document in `text` (one piece between `---` markers, whose first line is line `lineOffset +
 * 1` of its file), or undefined when it is not plain block YAML this reader handles.
 */
export function readPlainBlockYaml(text: string, lineOffset: number): PlainBlockDocument | undefined {
  if (UNHANDLED_CHARACTER.test(text)) return undefined;
  try {
    return new Reader(text, lineOffset).read();
  } catch (err) {
    if (err instanceof GiveUp) return undefined;
    throw err;
  }
}

/** The position of the key or list item at `key` (a pathKey: segments joined by U+001F), or undefined when the document has none there. */
export function positionAt(doc: PlainBlockDocument, key: string): number | undefined {
  const path = key.split('\u001f');
  const found = deepestPosition(doc, path);
  return found && found.depth === path.length ? found.at : undefined;
}

/**
 * The position of the longest prefix of `path` the document has, and its length in segments
 * (undefined when not even the first is there): one walk where asking positionAt for each
 * shorter prefix would walk once per prefix.
 */
export function deepestPosition(doc: PlainBlockDocument, path: readonly (string | number)[]): { at: number; depth: number } | undefined {
  let value: Json = doc.value;
  let positions: Positions | 0 = doc.positions;
  let at: number | undefined;
  let depth = 0;
  for (const step of path) {
    if (!positions || value === null || typeof value !== 'object') break;
    if (Array.isArray(value)) {
      const index = Number(step);
      if (!(index >= 0 && index < value.length) || String(index) !== String(step)) break;
      at = positions[2 * index] as number;
      positions = positions[2 * index + 1] as Positions | 0;
      value = value[index]!;
    } else {
      const segment = String(step);
      let i = 0;
      while (i < positions.length && positions[i] !== segment) i += 3;
      if (i >= positions.length) break;
      at = positions[i + 1] as number;
      positions = positions[i + 2] as Positions | 0;
      value = value[segment]!;
    }
    depth++;
  }
  return at === undefined ? undefined : { at, depth };
}
