/**
 * What one input may cost. dd-lint reads files from pull requests: a hostile or broken file must get
 * a one-line error naming the limit it hit, never a hang, a crash or gigabytes of memory.
 *
 * Measured with the `yaml` package 2.9 (bench/hostile-yaml.mjs, README "Hardening"):
 * - Nesting: 10,000 nested `[` overflow the call stack inside `yaml`; when that happens in the Helm
 *   reader, V8 aborts the whole process ("RegExpCompiler Allocation failed"), which no catch can stop.
 *   So depth is bounded BEFORE `yaml` sees the text: a sound bound from one pass over the characters
 *   (the widest line prefix of spaces and `- ? :` indicators, plus every `[` and `{`), and only when
 *   that bound is over the limit, the exact depth from `yaml`'s own CST parser (an explicit stack).
 * - Size: `yaml` parses dense YAML at roughly 1 MB/s (and a values file is parsed twice: once to tell
 *   values from manifests, once the way Helm reads it) and holds ~200 bytes per byte of input for
 *   a flat map, and ~1 KB per item of a long flow list (`[1,1,1,...]`: 1 MB took 9.5 s and 1.2 GB).
 *   Bytes alone do not bound that, so the nodes are bounded too, estimated before parsing
 *   (lines + commas + opening brackets: at least one of those per key or list item).
 * - Aliases: every alias expanded counts (MAX_ALIAS_COUNT), and the tree they expand to is bounded by
 *   MAX_DEPTH and MAX_NODES too (an anchor of 50,000 items aliased 1,000 times is small on disk).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, Parser, type Document, type Node } from 'yaml';
import { InputError, inputErrorAt } from './input-error.js';

/** Bytes per input file (or standard input). The largest real input seen, a full chart rendering with CRDs, is ~0.8 MB. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;
/**
 * YAML nodes (map entries and list items) per input, counting only the documents dd-lint parses
 * (a skipped kind, such as a CRD, counts as one) and counting alias expansions. A chart rendering
 * parses ~3,500 (~19,000 with its CRDs, parsed when a custom policy targets every object); the
 * chart's own values.yaml has ~4,000.
 */
export const MAX_NODES = 50_000;
/** Nesting of maps and lists. Real manifests reach ~30 (CRD schemas). */
export const MAX_DEPTH = 256;
/**
 * Alias expansion limit: stops "billion laughs" documents. Every alias (or merge of an alias) that is
 * expanded counts, including the ones expanded again inside another alias's expansion.
 */
export const MAX_ALIAS_COUNT = 1000;

const MIB = 1024 * 1024;

/** `8 MiB`, `10.5 MiB`: sizes in the unit the limit is written in. */
export function formatSize(bytes: number): string {
  return bytes >= MIB ? `${Number((bytes / MIB).toFixed(1))} MiB` : `${bytes} bytes`;
}

/** The error for an input over MAX_INPUT_BYTES (`size` may be "more than" when reading a stream stopped early). */
export function tooLarge(file: string, size: string): InputError {
  return new InputError(`${file}: ${size}: over the ${formatSize(MAX_INPUT_BYTES)} limit per input file`);
}

/** 1-based line and column of `offset` in `text` (columns in UTF-16 code units, as `yaml` counts). */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Characters YAML does not allow (c-printable: tab, LF, CR, U+0020-U+007E, U+0085, U+00A0-U+D7FF,
 * U+E000-U+FFFD and beyond), which Helm's and kubectl's YAML reader refuse ("control characters are
 * not allowed"), and a byte order mark anywhere but at the very start.
 */
const NOT_YAML_TEXT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDFFF]|(?<!^)\uFEFF/u;
/** The same characters, any surrogate, and a BOM anywhere: 4x faster without the `u` flag, so tried first. */
const MAYBE_NOT_YAML_TEXT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

/** Checks on the text before it is parsed: its length and the characters YAML allows. */
export function checkText(file: string, text: string): void {
  if (text.length > MAX_INPUT_BYTES) throw tooLarge(file, formatSize(text.length));
  const bad = MAYBE_NOT_YAML_TEXT.test(text) ? NOT_YAML_TEXT.exec(text) : null;
  if (bad) {
    const { line, column } = positionOf(text, bad.index);
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const what = bad[0] === '\uFEFF' ? 'a byte order mark (U+FEFF) after the start' : `character U+${code}`;
    throw inputErrorAt(file, line, column, `not YAML text: ${what} is not allowed in YAML (a binary file?)`);
  }
}

export interface Shape {
  /** At least the number of map entries and list items. */
  nodes: number;
  /** At least the nesting depth (maps and lists). */
  depth: number;
}

/**
 * One pass over the characters: bounds on the nodes and the nesting of `text`, without parsing it.
 * - nodes: lines + commas, `[` and `{` followed by more on their line (every entry or item starts a
 *   line or follows one of those; so pretty-printed JSON counts its lines, not twice as many);
 * - depth: the widest run of spaces, tabs and `-`, `?`, `:` indicators that starts a line (every
 *   block level is at least one column deeper, or a `- `), plus every `[` and `{`, plus one.
 */
export function estimateShape(text: string): Shape {
  let nodes = 1;
  let brackets = 0;
  let widest = 0;
  let prefix = 0;
  let inPrefix = true;
  /** A `,`, `[` or `{` seen, counted as a node once something other than blanks follows it on its line. */
  let separator = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      nodes++;
      prefix = 0;
      inPrefix = true;
      separator = false;
      continue;
    }
    if (inPrefix) {
      // space, tab, '-', '?', ':'
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) {
        if (++prefix > widest) widest = prefix;
        continue;
      }
      inPrefix = false;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (separator) nodes++;
    separator = c === 44 || c === 91 || c === 123;
    if (c === 91 || c === 123) brackets++;
  }
  return { nodes, depth: widest + brackets + 1 };
}

/** An input over MAX_NODES (estimated before parsing). */
export function checkNodes(file: string, nodes: number): void {
  if (nodes > MAX_NODES) {
    throw new InputError(`${file}: more than ${MAX_NODES.toLocaleString('en-US')} YAML nodes (counted as lines and flow items): over the limit per input file`);
  }
}

function tooDeep(file: string, line: number, column: number): InputError {
  return inputErrorAt(file, line, column, `nested more than ${MAX_DEPTH} levels deep: over the limit (a hostile file?)`);
}

/**
 * Refuse `text` (one YAML stream, or a piece of one starting at line `lineOffset + 1`) when it nests
 * deeper than MAX_DEPTH, before `yaml`'s recursive composer sees it. `shape` is estimateShape(text).
 */
export function checkDepth(file: string, text: string, shape: Shape, lineOffset = 0): void {
  if (shape.depth <= MAX_DEPTH) return;
  // The bound is over: measure with yaml's CST parser, which keeps its own stack (document + collections).
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    for (const _ of parser.next(lexeme));
    if (parser.stack.length - 1 > MAX_DEPTH) {
      const { line, column } = positionOf(text, parser.offset);
      throw tooDeep(file, line + lineOffset, column);
    }
  }
}

/** Depth, nodes and alias expansions of a subtree with every alias expanded. */
interface Expanded {
  depth: number;
  nodes: number;
  aliases: number;
}

const LEAF: Expanded = { depth: 0, nodes: 0, aliases: 0 };

/**
 * After parsing, before anything recursive reads the document: with every alias expanded, the tree
 * must stay within MAX_DEPTH, MAX_NODES and MAX_ALIAS_COUNT, and no anchor may contain an alias of
 * itself. One iterative pass; an anchored node is measured once.
 */
export function checkExpanded(file: string, doc: Document, at: (offset: number) => { line: number; column: number }): void {
  if (!doc.contents) return;
  const anchors = new Map<string, Node>();
  const done = new Map<Node, Expanded>();
  const open = new Set<Node>();
  const fail = (node: Node | undefined, message: string): never => {
    const { line, column } = at(node?.range?.[0] ?? 0);
    throw inputErrorAt(file, line, column, message);
  };
  /** Child nodes of a collection, and whether each is an entry (a key's value or a list item) or a key. */
  const childrenOf = (node: Node): { node: Node; entry: boolean }[] => {
    const out: { node: Node; entry: boolean }[] = [];
    const pair = (p: { key: unknown; value: unknown }) => {
      if (p.key && typeof p.key === 'object') out.push({ node: p.key as Node, entry: false });
      out.push({ node: (p.value ?? null) as Node, entry: true });
    };
    if (isMap(node)) for (const p of node.items) pair(p);
    else if (isSeq(node)) for (const item of node.items) isPair(item) ? pair(item) : out.push({ node: item as Node, entry: true });
    return out;
  };
  const totals = (node: Node, parts: { entry: boolean; sizes: Expanded }[]): Expanded => {
    const sum: Expanded = { depth: 0, nodes: 0, aliases: 0 };
    for (const { entry, sizes } of parts) {
      sum.depth = Math.max(sum.depth, sizes.depth);
      sum.nodes += sizes.nodes + (entry ? 1 : 0);
      sum.aliases += sizes.aliases;
    }
    sum.depth += 1;
    if (sum.depth > MAX_DEPTH) fail(node, `nested more than ${MAX_DEPTH} levels deep once aliases are expanded: over the limit (a hostile file?)`);
    if (sum.aliases > MAX_ALIAS_COUNT) fail(node, `too many alias expansions (more than ${MAX_ALIAS_COUNT}): refusing to expand them, which looks like an alias bomb`);
    if (sum.nodes > MAX_NODES) fail(node, `more than ${MAX_NODES.toLocaleString('en-US')} YAML nodes once aliases are expanded: over the limit (an alias bomb?)`);
    return sum;
  };

  interface Frame {
    node: Node;
    children: { node: Node; entry: boolean }[];
    sizes: { entry: boolean; sizes: Expanded }[];
  }
  const stack: Frame[] = [];
  /** Measure a node now if it is a leaf, a known anchor or an alias of one; else push it. */
  const visit = (node: Node | null): Expanded | undefined => {
    if (!node || isScalar(node)) {
      if (node?.anchor) anchors.set(node.anchor, node);
      return LEAF;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) return { ...LEAF, aliases: 1 };
      if (open.has(target)) fail(node, `invalid YAML: anchor '${node.source}' value contains itself`);
      const sizes = done.get(target) ?? LEAF;
      return { ...sizes, aliases: sizes.aliases + 1 };
    }
    if (node.anchor) anchors.set(node.anchor, node);
    open.add(node);
    stack.push({ node, children: childrenOf(node), sizes: [] });
    return undefined;
  };
  visit(doc.contents as Node);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const next = frame.children[frame.sizes.length];
    if (next) {
      const sizes = visit(next.node);
      if (sizes) frame.sizes.push({ entry: next.entry, sizes });
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    const sizes = totals(frame.node, frame.sizes);
    if (frame.node.anchor) done.set(frame.node, sizes);
    const parent = stack[stack.length - 1];
    if (parent) parent.sizes.push({ entry: parent.children[parent.sizes.length]!.entry, sizes });
  }
}
