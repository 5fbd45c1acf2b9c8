/**
 * Read one YAML document the way Helm reads a values file (sigs.k8s.io/yaml over go-yaml v2,
 * i.e. YAML 1.1: yes/no/on/off are booleans, 012 is octal, a key `on:` becomes "true"), and
 * remember where every key and list item sits in the file.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { inputErrorAt } from './input-error.js';
import { pathKey, type ValuesPath } from './path.js';
import type { Location } from '../model/location.js';

/** Alias expansion limit: stops "billion laughs" documents (yaml's own guard, made explicit). */
export const MAX_ALIAS_COUNT = 1000;

export interface DuplicateKey {
  path: ValuesPath;
  first: Location;
  second: Location;
}

export interface ParsedValues {
  file: string;
  value: unknown;
  /** Location of every key (for map entries) and item (for list entries), by pathKey. */
  locations: Map<string, Location>;
  duplicates: DuplicateKey[];
  /** Lines of `# dd-lint-disable...` comments are read from this text. */
  text: string;
}

export function parseHelmYaml(file: string, text: string): ParsedValues {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    uniqueKeys: false,
    merge: true,
    lineCounter,
    prettyErrors: false,
  });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw inputErrorAt(file, pos.line, pos.col, `invalid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: false });
  } catch (err) {
    const node = doc.contents;
    const pos = at(node?.range?.[0] ?? 0);
    throw inputErrorAt(file, pos.line, pos.column, `cannot read YAML: ${(err as Error).message}`);
  }
  const locations = new Map<string, Location>();
  const duplicates: DuplicateKey[] = [];
  if (doc.contents) collectLocations(doc, doc.contents, [], at, locations, duplicates);
  return { file, value: value ?? null, locations, duplicates, text };
}

function collectLocations(
  doc: Document,
  node: Node,
  path: ValuesPath,
  at: (offset: number) => Location,
  out: Map<string, Location>,
  duplicates: DuplicateKey[],
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const keyNode = pair.key;
      if (keyNode.value === '<<') continue; // merge key: its entries belong to the parent map
      const key = helmKey(keyNode.value);
      const childPath = [...path, key];
      const loc = at(keyNode.range?.[0] ?? 0);
      const k = pathKey(childPath);
      const earlier = out.get(k);
      if (earlier) duplicates.push({ path: childPath, first: earlier, second: loc });
      out.set(k, loc);
      if (pair.value && typeof pair.value === 'object') collectLocations(doc, pair.value as Node, childPath, at, out, duplicates);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const childPath = [...path, index];
      const itemNode = item as Node;
      out.set(pathKey(childPath), at(itemNode?.range?.[0] ?? node.range?.[0] ?? 0));
      if (itemNode && typeof itemNode === 'object') collectLocations(doc, itemNode, childPath, at, out, duplicates);
    });
  }
}

/** Map keys become strings as sigs.k8s.io/yaml makes them: `on:` → "true", `1:` → "1". */
export function helmKey(key: unknown): string {
  if (key === null || key === undefined) return 'null';
  return String(key);
}
