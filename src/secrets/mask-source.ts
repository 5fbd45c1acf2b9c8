/**
 * Masking of the user's text for code frames, by its parsed structure: the YAML (or JSON) is parsed
 * and the values that hold secrets are masked exactly where they are written, whatever their layout
 * (a value split over lines, a flow mapping across lines, a JSON Secret, the anchor an `apiKey: *k`
 * points at). What is secret is what ./redact.ts documents: a value under a secret-looking key
 * (a mapping under one is judged key by key; a list under one is a list of secrets), the `value` of
 * a mapping whose `name` looks secret (an env entry), every value under `data` / `stringData` of a
 * `kind: Secret` document. Booleans, null and empty values are left alone.
 *
 * Text inside other strings has no structure we know (a check's config in `confd`, JSON in an
 * annotation): ./redact.ts's line scanner masks it, as it masks a whole text that does not parse
 * or is too large to parse again here.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Scalar } from 'yaml';
import { estimateShape, MAX_DEPTH, MAX_NODES } from '../load/limits.js';
import { splitAtMarkers } from '../load/yaml-documents.js';
import { canHoldSecret, redacted, redactLines, redactSource, isSecretKey } from './redact.js';

/** A replacement of `text.slice(start, end)`, on one line. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Letters of a word, with the separators isSecretKey drops allowed between them. */
const spelled = (word: string) => [...word].join('[-_.\\s]*');
/**
 * Every secret the maskers find is named by one of these words (isSecretKey's, `kind: Secret`),
 * spelled in ASCII without escapes: a text with none of them, no backslash and no other character
 * has nothing to mask, and is not parsed again (most documents of a large repository).
 */
const SECRET_WORD = new RegExp(['key', 'token', 'pass', 'secret', 'credential'].map(spelled).join('|'), 'i');
const mayHoldSecret = (text: string): boolean => /[^\x00-\x5b\x5d-\x7f]/.test(text) || SECRET_WORD.test(text);

/** The lines of `text` (split on LF or CRLF) with secret values masked; same number of lines. */
export function maskSource(text: string): string[] {
  if (!mayHoldSecret(text)) return text.split(/\r?\n/);
  // Within the loaders' limits (src/load/limits.ts): a larger text is not parsed twice.
  const shape = estimateShape(text);
  const edits = shape.nodes <= MAX_NODES && shape.depth <= MAX_DEPTH ? structuralEdits(text) : undefined;
  if (!edits) return redactSource(text);
  return applyEdits(text, edits);
}

/**
 * Lines `first` to `last` (1-based) of `text` masked as maskSource masks them, masking only the
 * YAML documents they fall in, each once: a code frame in a file of many objects need not parse
 * them all again (an alias never reaches across documents, so a document masks alike alone).
 */
export function documentMasker(text: string): (first: number, last: number) => string[] {
  const pieces = splitAtMarkers(text).map((piece) => ({ ...piece, masked: undefined as string[] | undefined }));
  return (first, last) => {
    const out: string[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const end = pieces[i + 1]?.line ?? Infinity; // the line the next piece starts on
      if (end <= first || piece.line > last) continue;
      // A piece but the last ends with its final newline: the empty line after it is the next piece's first.
      piece.masked ??= i + 1 < pieces.length ? maskSource(piece.text).slice(0, -1) : maskSource(piece.text);
      piece.masked.forEach((line, k) => {
        if (piece.line + k >= first && piece.line + k <= last) out.push(line);
      });
    }
    return out;
  };
}

/** Undefined when the text is not YAML without errors. */
function structuralEdits(text: string): Edit[] | undefined {
  // failsafe: every scalar is the string written, as the line scanner sees it.
  const docs = parseAllDocuments(text, { schema: 'failsafe', version: '1.1', uniqueKeys: false, merge: false, logLevel: 'silent' });
  if (!Array.isArray(docs)) return undefined;
  const walker = new Walker(text);
  for (const doc of docs) {
    if (doc.errors.length > 0) return undefined;
    walker.document(doc);
  }
  return walker.edits;
}

class Walker {
  readonly edits: Edit[] = [];
  /** Scalars that hold a secret, and the other strings (found first: an alias can make an earlier anchor secret). */
  private readonly secrets = new Set<Scalar>();
  private readonly strings: Scalar[] = [];
  /** Aliases being followed (an anchor may hold an alias of itself). */
  private readonly following = new Set<Node>();
  private doc: Document | undefined;

  constructor(private readonly text: string) {}

  document(doc: Document): void {
    this.doc = doc;
    const root = doc.contents as Node | null;
    if (isMap(root) && scalarText(root.get('kind', true)) === 'Secret') {
      for (const pair of root.items) {
        const key = scalarText(pair.key);
        this.visit(pair.value as Node | null, key === 'data' || key === 'stringData' ? 'all' : 'no');
      }
    } else this.visit(root, 'no');
    for (const node of this.secrets) this.maskScalar(node);
    for (const node of this.strings) if (!this.secrets.has(node)) this.scanScalar(node);
    this.secrets.clear();
    this.strings.length = 0;
  }

  /** `secret`: 'all' under a Secret's data (everything below), 'yes' for this value (a mapping's own keys decide), 'no'. */
  private visit(node: Node | null | undefined, secret: 'all' | 'yes' | 'no'): void {
    if (!node) return;
    if (isAlias(node)) {
      // The secret is written at the anchor: `common: &k abc` ... `apiKey: *k`.
      if (secret === 'no' || !this.doc || this.following.has(node)) return;
      this.following.add(node);
      this.visit(node.resolve(this.doc) as Node | undefined, secret);
      this.following.delete(node);
      return;
    }
    if (isScalar(node)) {
      if (secret !== 'no') this.secrets.add(node);
      else this.strings.push(node);
    } else if (isSeq(node)) {
      for (const item of node.items) this.visit(item as Node, secret);
    } else if (isMap(node)) {
      const secretName = node.items.some((p) => scalarText(p.key) === 'name' && isSecretKey(scalarText(p.value) ?? ''));
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = scalarText(pair.key) ?? '';
        const own = isSecretKey(key) || (secretName && key === 'value');
        this.visit(pair.value as Node | null, secret === 'all' ? 'all' : own ? 'yes' : 'no');
      }
    }
  }

  /** Every line of the value masked: `<redacted, N chars>`, N its characters on that line as written. */
  private maskScalar(node: Scalar): void {
    if (typeof node.value !== 'string' || !canHoldSecret(node.value)) return;
    const [start, end] = this.valueRange(node);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    for (const [from, to] of this.lineSpans(start, end, block)) {
      // The quotes go with the value they hold, and are not counted.
      const open = quoted && from === start ? 1 : 0;
      const close = quoted && to === end ? 1 : 0;
      const content = this.text.slice(from + open, to - close);
      const trimmed = content.trim();
      if (trimmed === '') continue;
      const first = open ? from : from + content.length - content.trimStart().length;
      const last = close ? to : to - (content.length - content.trimEnd().length);
      this.edits.push({ start: first, end: last, text: redacted(trimmed) });
    }
  }

  /** A string that is not a secret itself may hold a config text (`password: x` in a check's config): scanned by lines. */
  private scanScalar(node: Scalar): void {
    if (typeof node.value !== 'string' || !/[:{]/.test(node.value)) return;
    const [start, end] = this.valueRange(node);
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    const spans = this.lineSpans(start, end, block);
    const masked = redactLines(spans.map(([from, to]) => this.text.slice(from, to)));
    spans.forEach(([from, to], i) => {
      if (masked[i] !== this.text.slice(from, to)) this.edits.push({ start: from, end: to, text: masked[i]! });
    });
  }

  private valueRange(node: Scalar): [number, number] {
    const [start = 0, end = start] = node.range ?? [];
    return [start, end];
  }

  /** [from, to) of each line between `start` and `end` (a block scalar's header line left out). */
  private lineSpans(start: number, end: number, skipFirst: boolean): [number, number][] {
    const spans: [number, number][] = [];
    let from = start;
    while (from < end) {
      let to = this.text.indexOf('\n', from);
      if (to < 0 || to > end) to = end;
      const stop = this.text[to - 1] === '\r' ? to - 1 : to;
      if (!(skipFirst && from === start)) spans.push([from, stop]);
      from = to + 1;
    }
    return spans;
  }
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Apply one-line edits (which do not overlap) to the text's lines. */
function applyEdits(text: string, edits: Edit[]): string[] {
  const lines = text.split(/\r?\n/);
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    const n = lineOf(edit.start);
    const line = lines[n]!;
    const from = edit.start - starts[n]!;
    lines[n] = line.slice(0, from) + edit.text + line.slice(edit.end - starts[n]!);
  }
  return lines;
}
