/**
 * The plain block YAML reader (src/load/plain-block-yaml.ts) against the yaml library: wherever it
 * reads a document it must give the same value, start and key and item locations, and a repository
 * of the bench's shape must get the same findings either way.
 */
import t from 'tap';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { parseYamlDocuments, plainReader, type ParsedDocument } from '../src/load/yaml-documents.js';
import { readPlainBlockYaml } from '../src/load/plain-block-yaml.js';
import { run } from '../src/engine/run.js';
import { REPO_ROOT } from './helpers/cli.js';
import type { Location } from '../src/model/location.js';

/** Without keepSyntax every document goes to the yaml library; with a keepSyntax that keeps none, plain ones go to the plain reader. */
const full = (file: string, text: string) => parseYamlDocuments(file, text);
const plain = (file: string, text: string) => parseYamlDocuments(file, text, { keepSyntax: () => false });

function outcome(read: () => ParsedDocument[]): { docs?: ParsedDocument[]; error?: string } {
  try {
    return { docs: read() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** How the plain reader differs from the yaml library on `text`, and how many documents it read. */
function differences(file: string, text: string): { read: number; problems: string[] } {
  const a = outcome(() => full(file, text));
  const b = outcome(() => plain(file, text));
  if (a.error !== undefined || b.error !== undefined) return { read: 0, problems: b.error === a.error ? [] : [`${file}: error ${b.error} instead of ${a.error}`] };
  if (b.docs!.length !== a.docs!.length) return { read: 0, problems: [`${file}: ${b.docs!.length} documents instead of ${a.docs!.length}`] };
  const problems: string[] = [];
  let read = 0;
  a.docs!.forEach((expected, i) => {
    const got = b.docs![i]!;
    if (got.locations instanceof Map) return; // read by the yaml library both times
    read++;
    const where = `${file} document ${i + 1}`;
    const same = (what: string, x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y) || problems.push(`${where}: ${what} ${JSON.stringify(x)} instead of ${JSON.stringify(y)}`);
    same('value', got.value, expected.value);
    same('start', got.start, expected.start);
    same('duplicates', undefined, expected.duplicates);
    for (const [key, loc] of expected.locations as Map<string, Location>) {
      const at = got.locations.get(key);
      if (at?.file !== loc.file || at.line !== loc.line || at.column !== loc.column || Object.keys(at).length !== Object.keys(loc).length) same(`location of ${JSON.stringify(key)}`, at, loc);
      if (got.locations.get(`${key}\u001fmissing`) !== undefined) problems.push(`${where}: a location under ${JSON.stringify(key)}`);
    }
  });
  return { read, problems };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

t.test("the repository's YAML files read alike", async (t) => {
  const files = ['test/fixtures', 'examples', 'charts', 'policies'].flatMap((dir) => yamlFiles(join(REPO_ROOT, dir)));
  let read = 0;
  const problems: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (text.length > 50_000) continue; // copies of the chart's values.yaml: slow to read twice, and values, not manifests
    const d = differences(file, text);
    read += d.read;
    problems.push(...d.problems);
  }
  t.strictSame(problems, []);
  t.ok(read > 150, `the plain reader read ${read} documents of ${files.length} files`);
});

t.test('written cases: read alike, or left to the yaml library', async (t) => {
  const cases: [string, boolean][] = [
    ['# a comment\n\napiVersion: v1 # trailing\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    one\n\n    two\n\n\n  b: |-\n    x\n      y\n  c: "8080"\n  d: \'it\'\'s\'\n', true],
    ['spec:\n  containers:\n  - name: a\n    args: []\n    env:\n    - name: X\n      value: "1"\n    resources: {}\n  - name: b\n', true],
    ['a: 0755\nb: 0x1F\nc: 1_000\nd: 1:20\ne: .5\nf: -1\ng: ~\nh: yes\ni: Off\nj: null\nk: 1e3\nl: +12\n', true],
    ['a: http://x:80/y#z\nb: metadata.labels[\'x\']\nc: a # b\nd: -1a\n', true],
    ['a: .inf\n', false], // not a finite number
    ['y: 1\n', false], // a boolean key
    ['a: 1\na: 2\n', false], // a duplicate key
    ['a: &x 1\nb: *x\n', false],
    ['a: >\n  folded\n', false],
    ['a: "esc\\n"\n', false],
    ['a: b\n  c\n', false], // a multi-line plain scalar
    ['a:\r\n  b: 1\r\n', false],
    ['- a\n- b: 1\n  c: 2\n', true],
    ['---\na: 1\n---\nb: 2\n...\n', false],
    ['a: |\n  x', false], // no line break after the block
    ['a: b: c\n', false],
    ['  a: 1\n', false],
  ];
  for (const [text, readable] of cases) {
    t.equal(readPlainBlockYaml(text, 0) !== undefined, readable, `${JSON.stringify(text)} ${readable ? 'read' : 'left to the yaml library'}`);
    t.strictSame(differences('case.yaml', text).problems, [], `${JSON.stringify(text)} reads alike`);
  }
});

t.test('generated documents read alike (fast-check)', async (t) => {
  const key = fc.oneof({ weight: 30, arbitrary: fc.constantFrom('a', 'name', 'env', 'x.y/z', '_k', 'app.kubernetes.io/name') }, fc.constantFrom('y', 'on', 'null', '8080', 'a b', '-k', 'k:'), fc.string({ maxLength: 6 }));
  const scalar = fc.oneof(
    fc.string({ maxLength: 12 }),
    { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9 .:#/'"-]{0,10}$/) },
    fc.constantFrom('yes', 'No', '~', '0755', '1:30', '.inf', '- x', 'a: b', 'a #b', "it's", 'multi\nline\n', 'trail\n\n', ' lead', '', '[x]', '{}', '2024-01-02'),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'xsmall' }, scalar, tie('map'), tie('list')),
    map: fc.dictionary(key, tie('node'), { maxKeys: 3 }),
    list: fc.array(tie('node'), { maxLength: 3 }),
  })).map;
  const options = fc.record({ indentSeq: fc.boolean(), indent: fc.integer({ min: 1, max: 4 }), defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL') as fc.Arbitrary<'PLAIN'> });
  let read = 0;
  fc.assert(
    fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options, fc.boolean(), (v, o, marker) => {
      const d = differences('generated.yaml', (marker ? '---\n' : '') + stringify(v, { ...o, version: '1.1' }));
      read += d.read;
      return d.problems.length === 0 || (t.fail(d.problems.join('\n')), false);
    }),
    { numRuns: 500, seed: 13 },
  );
  t.ok(read > 30, `the plain reader read ${read} of 500 generated documents`);
});

t.test('a repository of the bench shape gets the same findings from both readers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-plain-'));
  t.teardown(() => {
    plainReader.enabled = true;
    rmSync(dir, { recursive: true, force: true });
  });
  const shape = (await import(pathToFileURL(join(REPO_ROOT, 'bench', 'repo-shape.mjs')).href)) as { writeRepository(dir: string, files: number): unknown };
  shape.writeRepository(dir, 60);
  const findings = async () => {
    const result = await run({ files: [dir], values: [], sets: [] });
    return result.findings.map((f) => ({ policy: f.ruleId, severity: f.severity, message: f.message, at: `${f.location.file}:${f.location.line}:${f.location.column}`, related: f.related }));
  };
  const fast = await findings();
  plainReader.enabled = false;
  const slow = await findings();
  t.ok(fast.length >= 5, `${fast.length} findings`);
  t.strictSame(fast, slow);
});
