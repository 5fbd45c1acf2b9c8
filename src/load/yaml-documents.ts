/**
 * Multi-document YAML (manifests, `helm template` output) read like Kubernetes tools read it
 * (sigs.k8s.io/yaml, YAML 1.1), with the location of every key and list item of each document.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { inputErrorAt } from './input-error.js';
import { pathKey, type PathLocations, type ValuesPath } from './path.js';
import { helmKey } from './helm-yaml-scalars.js';
import type { DuplicateKey } from './helm-yaml-tree.js';
import { checkDepth, checkExpanded, checkNodes, checkText, estimateShape, MAX_ALIAS_COUNT, type Shape } from './limits.js';
import type { Location } from '../model/location.js';
import { isObject } from '../json.js';
import { deepestPosition, positionAt, positionColumn, positionLine, readPlainBlockYaml, type PlainBlockDocument } from './plain-block-yaml.js';

export interface ParsedDocument {
  file: string;
  value: unknown;
  locations: PathLocations;
  /** Where the document starts (its first node). */
  start: Location;
  /**
   * Locates any path without a table, for a document that arrived as JSON and has no lines (an
   * admitted object): used instead of `locations` when present.
   */
  locate?: (path: ValuesPath) => Location;
  /** Not parsed: a kind nothing reads (`value` is `{ kind }` only). */
  shallow?: boolean;
  /** Keys written twice in one mapping (the later wins, as kubectl's lenient decoding keeps it; strict field validation refuses it). */
  duplicates?: DuplicateKey[];
  /**
   * The parsed YAML and its text, for adapters that locate what a string field holds (an Argo CD
   * Application's `helm.values: |`); kept only for the kinds ParseOptions.keepSyntax names.
   */
  yaml?: { contents: Node; text: string; at: (offset: number) => Location };
}

/** A document marker (`---`) or end marker (`...`) at the start of a line: YAML ends any block there. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
/** A top-level `kind:` line, to skip documents of kinds nothing reads without parsing them. */
const TOP_LEVEL_KIND = /^kind:[ \t]*["']?([A-Za-z][\w.-]*)["']?[ \t]*(?:#.*)?\r?$/m;

export interface ParseOptions {
  /**
   * Kinds worth parsing. A document whose top-level `kind:` is another kind (a CRD, a ConfigMap)
   * is returned shallow, `{ kind }` only, without being parsed: most of a chart rendering's bytes are
   * CRD schemas that no rule reads.
   */
  keepKind?: (kind: string) => boolean;
  /**
   * Kinds whose syntax tree is kept (`yaml`); all when undefined. Keeping it for every object of a
   * large repository would hold every node the parser made in memory.
   */
  keepSyntax?: (kind: string) => boolean;
  /** YAML 1.1 (default: how Helm and kubectl read) or 1.2 (dd-lint's own files, where `off` is a string). */
  version?: '1.1' | '1.2';
}

/** Whether readPlainBlockYaml is tried first: test/plain-block-yaml.test.ts turns it off to compare with the yaml library alone. */
export const plainReader = { enabled: true };

/** The text split at document markers, with the line each piece starts on. */
export function splitAtMarkers(text: string): { text: string; line: number }[] {
  if (/^%/m.test(text)) return [{ text, line: 1 }]; // directives belong to the next document: keep whole
  const pieces: { text: string; line: number }[] = [];
  let start = 0;
  let line = 1;
  const countLines = (from: number, to: number) => {
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) line++;
  };
  for (const match of text.matchAll(DOCUMENT_MARKER)) {
    if (match.index === start) continue;
    pieces.push({ text: text.slice(start, match.index), line });
    countLines(start, match.index);
    start = match.index;
  }
  pieces.push({ text: text.slice(start), line });
  return pieces;
}

export function parseYamlDocuments(file: string, text: string, options: ParseOptions = {}): ParsedDocument[] {
  checkText(file, text);
  // Shallow pieces first, then the limits (src/load/limits.ts) over what will be parsed: a skipped
  // document counts as one node.
  const pieces = splitAtMarkers(text).map((piece): { text: string; line: number; kind?: string; shape?: Shape } => {
    const kind = options.keepKind && TOP_LEVEL_KIND.exec(piece.text)?.[1];
    return kind && !options.keepKind!(kind) ? { ...piece, kind } : { ...piece, shape: estimateShape(piece.text) };
  });
  checkNodes(file, pieces.reduce((n, piece) => n + (piece.shape?.nodes ?? 1), 0));
  const out: ParsedDocument[] = [];
  for (const piece of pieces) {
    if (!piece.shape) {
      out.push({ file, value: { kind: piece.kind }, locations: new Map(), start: { file, line: piece.line, column: 1 }, shallow: true });
      continue;
    }
    out.push(...parsePiece(file, piece.text, piece.line - 1, options, piece.shape));
  }
  return out;
}

function parsePiece(file: string, text: string, lineOffset: number, options: ParseOptions, shape: Shape): ParsedDocument[] {
  const version = options.version ?? '1.1';
  checkDepth(file, text, shape, lineOffset);
  // Most documents are plain block YAML: read without the yaml library's tree unless its syntax is kept.
  const plain = plainReader.enabled && version === '1.1' && options.keepSyntax ? readPlainBlockYaml(text, lineOffset) : undefined;
  if (plain) {
    const value = plain.value;
    const kind = isObject(value) && typeof value.kind === 'string' ? value.kind : '';
    if (!options.keepSyntax!(kind)) return [{ file, value, locations: plainLocations(file, plain), start: locationOf(file, plain.start) }];
  }
  const lineCounter = new LineCounter();
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line + lineOffset, column: pos.col };
  };
  // logLevel 'error': `yaml` would print its warnings (a map used as a key) on stderr itself.
  const docs = parseAllDocuments(text, { version, uniqueKeys: false, merge: true, lineCounter, prettyErrors: false, logLevel: 'error' });
  const list = Array.isArray(docs) ? docs : [];
  const out: ParsedDocument[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const pos = at(error.pos[0]);
      throw inputErrorAt(file, pos.line, pos.column, `invalid YAML: ${error.message.split(/\r\n?|\n/)[0]}`); // a lone CR ends a line too
    }
    if (!doc.contents) continue;
    const start = at(doc.contents.range?.[0] ?? 0);
    if (text.includes('*')) checkExpanded(file, doc, at); // without an alias, checkDepth and checkNodes bound it
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      throw inputErrorAt(file, start.line, start.column, `cannot read YAML: ${(err as Error).message}`);
    }
    const locations = new Map<string, Location>();
    const duplicates: DuplicateKey[] = [];
    nodeLocations(doc.contents, [], at, (path, loc, first) => {
      if (first) duplicates.push({ path, first, second: loc });
      locations.set(pathKey(path), loc);
    });
    const kind = isObject(value) && typeof value.kind === 'string' ? value.kind : '';
    const keepSyntax = !options.keepSyntax || options.keepSyntax(kind);
    out.push({ file, value, locations, start, ...(keepSyntax ? { yaml: { contents: doc.contents as Node, text, at } } : {}), ...(duplicates.length ? { duplicates } : {}) });
  }
  return out;
}

const locationOf = (file: string, at: number): Location => ({ file, line: positionLine(at), column: positionColumn(at) });

/** The locations of a document read by readPlainBlockYaml, made when asked (a Map of every key would cost more than the reading). */
function plainLocations(file: string, doc: PlainBlockDocument): PathLocations {
  return {
    get: (key) => {
      const at = positionAt(doc, key);
      return at === undefined ? undefined : locationOf(file, at);
    },
    deepest: (path) => {
      const found = deepestPosition(doc, path);
      return found && { location: locationOf(file, found.at), depth: found.depth };
    },
  };
}

/**
 * Visit the location of every map key and list item under `node` (merge keys `<<` belong to their
 * parent); a key written a second time in the same mapping comes with its first location.
 */
export function nodeLocations(node: Node, path: ValuesPath, at: (offset: number) => Location, visit: (path: ValuesPath, loc: Location, first?: Location) => void): void {
  if (isMap(node)) {
    const seen = new Map<string, Location>();
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value === '<<') continue;
      const key = helmKey(pair.key.value);
      const childPath = [...path, key];
      const loc = at(pair.key.range?.[0] ?? 0);
      visit(childPath, loc, seen.get(key));
      seen.set(key, loc);
      if (pair.value && typeof pair.value === 'object') nodeLocations(pair.value as Node, childPath, at, visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const childPath = [...path, index];
      const itemNode = item as Node | null;
      visit(childPath, at(itemNode?.range?.[0] ?? node.range?.[0] ?? 0));
      if (itemNode && typeof itemNode === 'object') nodeLocations(itemNode, childPath, at, visit);
    });
  }
}
