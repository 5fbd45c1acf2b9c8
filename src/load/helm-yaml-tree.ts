/**
 * The values tree of one YAML document as go-yaml v2 decodes it into interface{} and
 * sigs.k8s.io/yaml turns it into JSON, built from the `yaml` package's syntax tree: map keys as
 * JSON keys, merge keys `<<` and aliases expanded the way go-yaml v2 does, with the location of
 * every key and list item and the duplicate keys of each mapping. Scalars are read by
 * ./helm-yaml-scalars.ts.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { inputErrorAt } from './input-error.js';
import { pathKey, type ValuesPath } from './path.js';
import type { Location } from '../model/location.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { dropSubtree, setOwn } from './located-tree.js';
import { checkExpanded, MAX_ALIAS_COUNT } from './limits.js';
import { isMergeKey, resolveScalar, ScalarError, type Resolved } from './helm-yaml-scalars.js';
import { formatFloat32 } from './go-numbers.js';

/** A key written twice in one mapping: the second wins, as in Helm. */
export interface DuplicateKey {
  path: ValuesPath;
  first: Location;
  second: Location;
}

/** go-yaml v2 Unmarshal: the first document of the stream, which must be a map (or nothing). */
export function readFirstDocument(file: string, text: string, locations: Map<string, Location>, duplicates: DuplicateKey[]): JsonObject {
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
    throw inputErrorAt(file, pos.line, pos.column, `invalid YAML: ${firstError.message.split(/\r\n?|\n/)[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
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
      if (isMergeKey(keyNode)) {
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

  /** go-yaml v2's reading of a scalar (./helm-yaml-scalars.ts), its refusals located. */
  private resolveNode(node: Node): Resolved {
    try {
      return resolveScalar(node);
    } catch (err) {
      if (!(err instanceof ScalarError)) throw err;
      const pos = this.at(err.offset);
      throw inputErrorAt(this.file, pos.line, pos.column, `invalid YAML: ${err.message}`);
    }
  }

  private record(path: ValuesPath, loc: Location): void {
    this.locations.set(pathKey(path), loc);
  }
}

/** Locate `path` and everything under it at `loc` (values a merge key brought in). */
function recordTree(locations: Map<string, Location>, path: ValuesPath, value: Json, loc: Location): void {
  locations.set(pathKey(path), loc);
  if (Array.isArray(value)) value.forEach((item, i) => recordTree(locations, [...path, i], item, loc));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) recordTree(locations, [...path, k], v, loc);
}
