/**
 * The inputs of a policy example (policies/*.yaml `examples`), as the policy tester lints them: its
 * own texts, or a full copy of the chart's values.yaml edited with the yaml Document API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { Example, FullValues, FullValuesExample } from '../../src/generated/policy.js';
import { repoRoot } from './helm.js';

export type AnyExample = Example | FullValuesExample;

/** What the tester lints: the values text (the example's own, or the edited copy), manifests, --set. */
export interface ExampleInputs {
  values?: string;
  manifests?: string;
  set: string[];
  chartVersion?: string;
}

/** The chart's own values.yaml of a version (test/fixtures/chart-values/, see its README). */
export function chartValuesCopy(version: string): string {
  return readFileSync(join(repoRoot(), 'test', 'fixtures', 'chart-values', `datadog-${version}.yaml`), 'utf8');
}

/** A dotted values path (`\.` for a dot inside a key) to its segments; all-digit segments are list indexes. */
export function valuesPath(dotted: string): (string | number)[] {
  return dotted.split(/(?<!\\)\./).map((part) => (/^\d+$/.test(part) ? Number(part) : part.replaceAll('\\.', '.')));
}

/** The copy with the edits applied: `set` through Document.setIn, `comments` above their keys, then `append`. */
export function fullValuesText(full: FullValues): string {
  // YAML 1.1, as Helm reads it: a string like "yes" is then written back quoted.
  const doc = parseDocument(chartValuesCopy(full.chartVersion), { version: '1.1' });
  for (const [path, value] of Object.entries(full.set ?? {})) doc.setIn(valuesPath(path), doc.createNode(value));
  for (const [path, comment] of Object.entries(full.comments ?? {})) {
    const pair = lastPair(doc.contents, valuesPath(path));
    if (!pair) throw new Error(`fullValues.comments: no key ${path} in the copy`);
    if (!isNode(pair.key)) pair.key = doc.createNode(pair.key);
    (pair.key as Node).commentBefore = comment;
  }
  // lineWidth 0: long strings of the chart stay on one line, as written.
  const text = doc.toString({ lineWidth: 0 });
  return full.append === undefined ? text : text + full.append;
}

/** The policy that reports values without an API key: the only one whose examples are linted as written. */
export const API_KEY_POLICY = 'notice-api-key-missing';

/**
 * Installs give the API key at install time (`--set`, a CI secret), so every other policy's examples
 * and the unedited values.yaml copies are linted as if it were given: this `--set`, after the
 * example's own (docs/contributing.md).
 */
export const API_KEY_GIVEN = 'datadog.apiKey=placeholder-api-key';

/** What the tester lints for an example of `policyId`: its inputs, with the API key given unless the example is the API key policy's own or reads no values. */
export function testedInputs(policyId: string, example: AnyExample): ExampleInputs {
  const inputs = exampleInputs(example);
  const readsValues = inputs.values !== undefined || inputs.set.length > 0;
  return policyId === API_KEY_POLICY || !readsValues ? inputs : { ...inputs, set: [...inputs.set, API_KEY_GIVEN] };
}

export function exampleInputs(example: AnyExample): ExampleInputs {
  const values = 'fullValues' in example ? fullValuesText(example.fullValues) : (example as Example).values;
  return {
    ...(values !== undefined ? { values } : {}),
    ...(example.manifests !== undefined ? { manifests: example.manifests } : {}),
    set: example.set ?? [],
    ...('fullValues' in example ? { chartVersion: example.fullValues.chartVersion } : example.chartVersion !== undefined ? { chartVersion: example.chartVersion } : {}),
  };
}

/**
 * The line and column of the key at `dotted` in a values text (for a list index: of the item), the
 * last one written where a key is written twice (Helm keeps the last); undefined when absent.
 */
export function keyPosition(text: string, dotted: string): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const path = valuesPath(dotted);
  const last = path[path.length - 1]!;
  let node: unknown;
  if (typeof last === 'number') {
    const seq = lookup(doc.contents, path.slice(0, -1));
    node = isSeq(seq) ? seq.items[last] : undefined;
  } else node = lastPair(doc.contents, path)?.key;
  const offset = isNode(node) ? node.range?.[0] : undefined;
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** The node at `path` (the last of duplicate keys). */
function lookup(node: unknown, path: (string | number)[]): unknown {
  for (const segment of path) {
    if (typeof segment === 'number') node = isSeq(node) ? node.items[segment] : undefined;
    else node = isMap(node) ? lastPairIn(node.items, segment)?.value : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** The pair of the last key of `path` in the map at the rest of it. */
function lastPair(root: unknown, path: (string | number)[]): Pair | undefined {
  const parent = lookup(root, path.slice(0, -1));
  const key = path[path.length - 1];
  return isMap(parent) && typeof key === 'string' ? lastPairIn(parent.items, key) : undefined;
}

function lastPairIn(items: Pair[], key: string): Pair | undefined {
  const named = items.filter((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key);
  return named[named.length - 1];
}
