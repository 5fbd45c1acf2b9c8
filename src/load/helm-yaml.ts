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
 *
 * This file splits the documents and says what a read gives; ./helm-yaml-tree.ts builds the values
 * tree of a document, ./helm-yaml-scalars.ts reads its scalars, ./go-numbers.ts parses Go's numbers.
 */
import { inputErrorAt } from './input-error.js';
import type { Location } from '../model/location.js';
import type { JsonObject } from '../json.js';
import { mergeMaps } from './located-tree.js';
import { checkDepth, checkNodes, checkText, estimateShape } from './limits.js';
import { readFirstDocument, type DuplicateKey } from './helm-yaml-tree.js';

/** Which Helm major version's file reading to copy (they differ only for multi-document files). */
export type HelmMajor = 3 | 4;

export interface HelmYamlOptions {
  /** 3 (default): first document only. 4: every `---` document, deep-merged. */
  helm?: HelmMajor;
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
