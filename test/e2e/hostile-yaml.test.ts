/**
 * Hostile YAML (issue 8): alias bombs, deep nesting, huge scalars, many documents, a 10 MB file,
 * binary garbage, invalid UTF-8, a BOM, CRLF, tabs. Each gets a one-line error naming the file and
 * the limit hit, or the same findings as the clean file. Timings are printed by
 * bench/hostile-yaml.mjs, never asserted here.
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { hostileCases } from '../helpers/hostile.js';
import { checkDepth, checkNodes, estimateShape, MAX_DEPTH, MAX_NODES } from '../../src/load/limits.js';
import { parseHelmYaml } from '../../src/load/helm-yaml.js';
import { parseYamlDocuments } from '../../src/load/yaml-documents.js';
import { decodeText } from '../../src/load/inputs.js';
import { InputError } from '../../src/load/input-error.js';

const dir = mkdtempSync(join(tmpdir(), 'dd-lint-hostile-'));

for (const c of hostileCases(dir)) {
  t.test(c.name, async (t) => {
    const r = spawnSync(process.execPath, [CLI, ...c.args], {
      cwd: REPO_ROOT,
      input: c.stdin ?? '',
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', DD_LINT_DEBUG: '' },
    });
    t.equal(r.status, c.code, `exit ${c.code}`);
    t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
    if (c.code === 2) t.match(r.stderr, /^dd-lint: [^\n]*\n$/, 'one line on stderr');
    else t.equal(r.stderr, '', 'nothing on stderr');
    if (c.stderr) t.match(r.stderr, c.stderr);
    if (c.stdout) t.match(r.stdout, c.stdout);
  });
}

const inputError = (t: Test, fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    t.type(err, InputError);
    return (err as Error).message;
  }
  t.fail('no error');
  return '';
};

t.test('the nesting limit: the cheap bound decides most texts, the CST parser the rest', async (t) => {
  const nested = (n: number) => 'a: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
  t.ok(estimateShape('a:\n  b:\n    - c\n').depth <= MAX_DEPTH, 'an ordinary file stays under the bound');
  // Exactly at the limit: accepted by both readers, and the values come out whole.
  const atLimit = nested(MAX_DEPTH - 1);
  t.doesNotThrow(() => checkDepth('v.yaml', atLimit, estimateShape(atLimit)));
  let depth = 0;
  for (let v: unknown = parseHelmYaml('v.yaml', atLimit).value; v && typeof v === 'object'; v = Array.isArray(v) ? v[0] : (v as Record<string, unknown>).a) depth++;
  t.equal(depth, MAX_DEPTH, 'values read in full at the limit');
  t.equal(parseYamlDocuments('v.yaml', atLimit).length, 1);
  t.match(inputError(t, () => parseHelmYaml('v.yaml', nested(MAX_DEPTH + 1))), /^v\.yaml:1:\d+: nested more than 256 levels deep/);
  t.match(inputError(t, () => parseYamlDocuments('v.yaml', 'apiVersion: v1\nkind: Pod\n---\n' + nested(MAX_DEPTH + 1))), /^v\.yaml:4:\d+: nested more than 256 levels deep/, 'the line of the piece in the file');
  // Brackets inside quotes, comments and block scalars push the cheap bound over, not the real depth.
  const quoted = `a: "${'['.repeat(1000)}"\n# ${'{'.repeat(1000)}\nb: |\n  ${'['.repeat(1000)}\n`;
  t.ok(estimateShape(quoted).depth > MAX_DEPTH, 'the bound is over');
  t.same(parseHelmYaml('v.yaml', quoted).value, { a: '['.repeat(1000), b: '['.repeat(1000) + '\n' }, 'but the text is read');
  // Aliases nest too: 3 anchors of 100 levels each, nested in each other.
  const chain = `a: &a ${'['.repeat(100)}1${']'.repeat(100)}\nb: &b ${'['.repeat(100)}*a${']'.repeat(100)}\nc: ${'['.repeat(100)}*b${']'.repeat(100)}\n`;
  t.match(inputError(t, () => parseHelmYaml('v.yaml', chain)), /^v\.yaml:3:\d+: nested more than 256 levels deep once aliases are expanded/);
  t.match(inputError(t, () => parseYamlDocuments('v.yaml', chain)), /^v\.yaml:3:\d+: nested more than 256 levels deep once aliases are expanded/);
});

t.test('the node limit counts what is parsed: a rendering\'s CRDs count one each', async (t) => {
  t.doesNotThrow(() => checkNodes('v.yaml', MAX_NODES));
  t.match(inputError(t, () => checkNodes('v.yaml', MAX_NODES + 1)), /^v\.yaml: more than 50,000 YAML nodes/);
  const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n${'  x: 1\n'.repeat(1000)}`;
  const docs = parseYamlDocuments('r.yaml', Array(150).fill(crd).join('---\n'), { keepKind: (k) => k === 'Pod' });
  t.equal(docs.length, 150, '150,000 lines of skipped CRDs are read');
  t.ok(docs.every((d) => d.shallow));
  t.match(inputError(t, () => parseYamlDocuments('r.yaml', Array(150).fill(crd).join('---\n'))), /more than 50,000 YAML nodes/, 'not when they are parsed');
});

t.test('bytes: UTF-8 (with a BOM), UTF-16 with a BOM; anything else is an error at its line', async (t) => {
  t.equal(decodeText('f', Buffer.from('a: é\n')), 'a: é\n');
  t.equal(decodeText('f', Buffer.from('\uFEFFa: 1\n')), '\uFEFFa: 1\n');
  t.equal(decodeText('f', Buffer.from('\uFEFFa: é\n', 'utf16le')), '\uFEFFa: é\n');
  t.equal(decodeText('f', Buffer.from('\uFEFFa: é\n', 'utf16le').swap16()), '\uFEFFa: é\n', 'big endian');
  t.match(inputError(t, () => decodeText('f', Buffer.from([0x61, 0x0a, 0x62, 0x3a, 0x20, 0xc3, 0xa9, 0xc3]))), /^f:2:5: not UTF-8 text: invalid byte 0xc3/, 'a truncated sequence, column in characters');
  t.match(inputError(t, () => decodeText('f', Buffer.from([0xed, 0xa0, 0x80]))), /^f:1:1: not UTF-8 text: invalid byte 0xed/, 'an encoded surrogate');
  t.match(inputError(t, () => decodeText('f', Buffer.from([0xc0, 0xaf]))), /invalid byte 0xc0/, 'an overlong sequence');
  t.match(inputError(t, () => parseHelmYaml('v.yaml', 'a: 1\n\uFEFFb: 2\n')), /^v\.yaml:2:1: not YAML text: a byte order mark \(U\+FEFF\) after the start/);
  t.match(inputError(t, () => parseYamlDocuments('v.yaml', 'a: "\x1b[2J"\n')), /^v\.yaml:1:5: not YAML text: character U\+001B/);
  t.match(inputError(t, () => parseYamlDocuments('v.yaml', 'a: \uD800\n')), /character U\+D800/, 'a lone surrogate');
  t.same(parseHelmYaml('v.yaml', 'a: "\\x1b\\u0000"\n').value, { a: '\x1b\0' }, 'escaped control characters are YAML text');
});
