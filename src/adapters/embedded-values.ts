/**
 * Values a wrapper holds in its own file: a YAML string field (an Argo CD Application's
 * `helm.values: |`, a ConfigMap's `values.yaml: |`) or a subtree (`helm.valuesObject`, a Flux
 * HelmRelease's `spec.values`), read the way Helm reads a values file and located in the wrapper.
 *
 * A string is parsed by the Helm reader under the limits of any values file (src/load/limits.ts).
 * In a literal block scalar (`|`, `|-`, `|+`, with or without an indentation indicator) each line
 * of the string is a line of the file, shifted by the block's indentation: every key points at
 * itself, and a YAML error inside the string at its own line. A folded (`>`), quoted or plain
 * string has no line-for-line mapping (lines are joined, escapes decoded): every key then points
 * at the field's own key.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import type { DuplicateKey } from '../load/helm-yaml-tree.js';
import { InputError } from '../load/input-error.js';
import { nearestLocation, pathKey, type ValuesPath } from '../load/path.js';
import type { ParsedDocument } from '../load/yaml-documents.js';
import { isObject, type JsonObject } from '../json.js';
import type { Location } from '../model/location.js';

/** Where a field of a document is: its key as written, or (an admitted JSON object) its path. */
export function fieldLocation(doc: ParsedDocument, path: ValuesPath): Location {
  if (doc.locate) {
    const origin = doc.locate(path);
    // A plain object: the admitted object's origins compute their fields on read.
    return { file: origin.file, line: origin.line, column: origin.column };
  }
  return nearestLocation(doc.locations, path)?.location ?? doc.start;
}

/** The values held in the string at `path` of `doc` (or `text`, a string decoded from it, e.g. base64: then every key points at the field). */
export function valuesInString(doc: ParsedDocument, path: ValuesPath, text: string, decoded = false): ParsedValues {
  const field = fieldLocation(doc, path);
  const shift = decoded ? undefined : blockShift(doc, path, text);
  const place = shift ? (l: Location): Location => ({ file: doc.file, line: l.line + shift.line, column: l.column + shift.column }) : () => field;
  let parsed: ParsedValues;
  try {
    parsed = parseHelmYaml(doc.file, text);
  } catch (err) {
    if (err instanceof InputError) throw relocated(err, doc.file, place, field);
    throw err;
  }
  const locations = new Map<string, Location>();
  for (const [key, loc] of parsed.locations) locations.set(key, place(loc));
  const duplicates: DuplicateKey[] = parsed.duplicates.map((d) => ({ path: d.path, first: place(d.first), second: place(d.second) }));
  return { file: doc.file, value: parsed.value, locations, duplicates, text: '' };
}

/** The values subtree at `path` of `doc` (helm.valuesObject, spec.values): each key where it is written. */
export function valuesInTree(doc: ParsedDocument, path: ValuesPath, value: JsonObject): ParsedValues {
  const locations = new Map<string, Location>();
  const visit = (node: unknown, sub: (string | number)[]) => {
    const children: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : isObject(node) ? Object.entries(node) : [];
    for (const [key, child] of children) {
      sub.push(key);
      locations.set(pathKey(sub), fieldLocation(doc, [...path, ...sub]));
      visit(child, sub);
      sub.pop();
    }
  };
  visit(value, []);
  return { file: doc.file, value, locations, duplicates: [], text: '' };
}

/** The error of a string's values, at its place in the wrapper (`file:line:col: message`). */
function relocated(err: InputError, file: string, place: (l: Location) => Location, field: Location): InputError {
  const prefix = `${file}:`;
  const rest = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  const at = /^(\d+):(\d+): ([\s\S]*)$/.exec(rest);
  const loc = at ? place({ file, line: Number(at[1]), column: Number(at[2]) }) : field;
  const message = at ? at[3]! : rest.replace(/^ /, '');
  return new InputError(`${file}:${loc.line}:${loc.column}: ${message}`);
}

/** The YAML node at `path` under `node`. */
function nodeAt(node: Node | null | undefined, path: ValuesPath): Node | undefined {
  let current: unknown = node;
  for (const part of path) {
    if (isMap(current)) current = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part))?.value;
    else if (isSeq(current) && typeof part === 'number') current = current.items[part];
    else return undefined;
  }
  return (current as Node | undefined) ?? undefined;
}

/**
 * How a literal block scalar's lines sit in the file: string line L is file line `line + L`,
 * column C is `column + C`. Undefined for any other string, or when a line does not match
 * (checked line by line: a mapping that is off would point findings at the wrong keys).
 */
function blockShift(doc: ParsedDocument, path: ValuesPath, text: string): { line: number; column: number } | undefined {
  const yaml = doc.yaml;
  if (!yaml) return undefined;
  const node = nodeAt(yaml.contents, path);
  if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range) return undefined;
  const headerEnd = yaml.text.indexOf('\n', node.range[0]);
  if (headerEnd === -1) return undefined;
  const hostLines = yaml.text.slice(headerEnd + 1, node.range[2]).split('\n');
  const lines = text.split('\n');
  let indent: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const host = (hostLines[i] ?? '').replace(/\r$/, '');
    if (line === '') {
      if (host.trim() !== '' && i < hostLines.length) return undefined;
      continue;
    }
    indent ??= host.length - line.length;
    if (indent < 0 || host.slice(indent) !== line || host.slice(0, indent).trim() !== '') return undefined;
  }
  if (indent === undefined) return undefined;
  return { line: yaml.at(node.range[0]).line, column: indent };
}
