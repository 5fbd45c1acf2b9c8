/**
 * Hostile YAML inputs (issue 8): what each one is, how dd-lint is run on it, and what it must
 * answer. Shared by test/hostile-yaml.test.ts (asserts the answers) and bench/hostile-yaml.mjs
 * (prints the table with wall time and peak memory).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIXTURES_DIR } from './fixtures.js';
import { API_KEY_SET } from './cli.js';
import { MAX_NODES } from '../../src/load/limits.js';

export interface HostileCase {
  /** The row of the table in docs/hardening.md. */
  name: string;
  args: string[];
  /** Bytes on standard input. */
  stdin?: Buffer;
  /** Expected exit code, and what stderr (exit 2) or stdout must say. */
  code: 0 | 1 | 2;
  stderr?: RegExp;
  stdout?: RegExp;
  /** The answer in the table's words. */
  result: string;
}

const fixture = (name: string, file = 'values.yaml') => readFileSync(join(FIXTURES_DIR, name, file));
const MB = 1_000_000;

/** A deterministic byte stream (xorshift), for "binary garbage" that is the same on every run. */
function randomBytes(size: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Billion laughs: 9 levels of 9 aliases each (9^9 = 387M strings once expanded). */
function laughs(indent: string): string {
  const lines = [`${indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i <= 9; i++) lines.push(`${indent}l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

/** Writes the inputs under `dir` and returns the cases, in the table's order. */
export function hostileCases(dir: string): HostileCase[] {
  const write = (name: string, content: string | Buffer) => {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  const token30 = fixture('s004-token-30');
  const tokenFinding = /values\.yaml\n {2}6:3 {2}error .*30 characters long/;
  const rendering = fixture('s004-token-30', 'rendered.yaml');
  const renderings = Buffer.concat(Array(Math.ceil((10 * MB) / (rendering.length + 5))).fill(Buffer.concat([rendering, Buffer.from('\n---\n')])));
  const anchorItems = 5000;
  const service = (i: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
  const denseKeys = MAX_NODES - 1000;
  const bigScalar = 4 * 1024 * 1024 - 1000;

  return [
    {
      name: 'billion laughs (values: 9 levels of 9 aliases)',
      args: [write('laughs.yaml', laughs(''))],
      code: 2,
      stderr: /^dd-lint: \S+laughs\.yaml:\d+:\d+: too many alias expansions \(more than 1000\)/,
      result: 'error: too many alias expansions (more than 1000)',
    },
    {
      name: 'billion laughs (manifest: in a Pod\'s annotations)',
      args: [write('laughs-pod.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: lol\n  annotations:\n${laughs('    ')}`)],
      code: 2,
      stderr: /^dd-lint: \S+laughs-pod\.yaml:\d+:\d+: too many alias expansions \(more than 1000\)/,
      result: 'error: too many alias expansions (more than 1000)',
    },
    {
      name: `alias fan-out: a ${anchorItems.toLocaleString('en-US')}-item anchor aliased 100 times`,
      args: [write('fan-out.yaml', `a: &a [${Array(anchorItems).fill('1').join(',')}]\nb: [${Array(100).fill('*a').join(', ')}]\n`)],
      code: 2,
      stderr: /^dd-lint: \S+fan-out\.yaml:2:4: more than 50,000 YAML nodes once aliases are expanded/,
      result: 'error at 2:4: more than 50,000 nodes once aliases are expanded',
    },
    {
      name: 'an anchor that contains its own alias (`&a [*a]`)',
      args: [write('self-alias.yaml', 'a: &a [1, *a]\n')],
      code: 2,
      stderr: /^dd-lint: \S+self-alias\.yaml:1:11: invalid YAML: anchor 'a' value contains itself/,
      result: "error at 1:11: anchor 'a' value contains itself",
    },
    {
      name: '10,000 nested `[`',
      args: [write('nested-seq.yaml', 'a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n')],
      code: 2,
      stderr: /^dd-lint: \S+nested-seq\.yaml:1:\d+: nested more than 256 levels deep/,
      result: 'error at 1:259: nested more than 256 levels deep',
    },
    {
      name: '10,000 nested `{` (never closed)',
      args: [write('nested-map.yaml', '{a: '.repeat(10_000))],
      code: 2,
      stderr: /^dd-lint: \S+nested-map\.yaml:1:\d+: nested more than 256 levels deep/,
      result: 'error at 1:1026: nested more than 256 levels deep',
    },
    {
      name: '10,000 nested block lists (`- - - …`)',
      args: [write('nested-block.yaml', 'a:\n' + '- '.repeat(10_000) + 'x\n')],
      code: 2,
      stderr: /^dd-lint: \S+nested-block\.yaml:2:\d+: nested more than 256 levels deep/,
      result: 'error at 2:511: nested more than 256 levels deep',
    },
    {
      name: 'huge scalar: a 4 MiB double-quoted annotation (the size limit) next to a 30-character token',
      args: [write('huge-scalar/values.yaml', Buffer.concat([token30, Buffer.from(`agents:\n  podAnnotations:\n    note: "${'x'.repeat(bigScalar)}"\n`)]))],
      code: 1,
      stdout: tokenFinding,
      result: 'the token finding at 6:3',
    },
    {
      name: '100,000 documents (`a: 1`)',
      args: [write('many-docs.yaml', 'a: 1\n---\n'.repeat(100_000))],
      code: 2,
      stderr: /^dd-lint: \S+many-docs\.yaml: more than 50,000 YAML nodes/,
      result: 'error: more than 50,000 YAML nodes',
    },
    {
      name: '100,000 ConfigMaps (skipped unparsed, one node each)',
      args: [write('many-configmaps.yaml', 'apiVersion: v1\nkind: ConfigMap\n---\n'.repeat(100_000))],
      code: 2,
      stderr: /^dd-lint: \S+many-configmaps\.yaml: more than 50,000 YAML nodes/,
      result: 'error: more than 50,000 YAML nodes',
    },
    {
      name: '2,000 Services in one file',
      args: [write('many-services.yaml', Array.from({ length: 2000 }, (_, i) => service(i)).join('---\n'))],
      code: 0,
      stdout: /^✔ [^\n]*: no problems\n$/,
      result: 'linted: no findings',
    },
    {
      name: `${denseKeys.toLocaleString('en-US')} keys in one values file (just under the node limit)`,
      // The API key as an install gives it, on the command line: one more key in the file would cross the node limit.
      args: [...API_KEY_SET, write('dense-values.yaml', 'datadog:\n  env:\n' + Array.from({ length: denseKeys }, (_, i) => `    k${i}: v\n`).join(''))],
      code: 0,
      stdout: /^✔ [^\n]*: no problems\n$/,
      result: 'linted: no findings',
    },
    {
      name: '10 MB file (real renderings concatenated)',
      args: [write('ten-mb.yaml', renderings)],
      code: 2,
      stderr: /^dd-lint: \S+ten-mb\.yaml: [\d.]+ MiB: over the 4 MiB limit per input file\n$/,
      result: 'error: 10 MiB: over the 4 MiB limit per input file',
    },
    {
      name: '10 MB on standard input',
      args: ['-'],
      stdin: renderings,
      code: 2,
      stderr: /^dd-lint: <stdin>: more than 4 MiB: over the 4 MiB limit per input file\n$/,
      result: 'error: <stdin>: more than 4 MiB',
    },
    {
      name: 'binary garbage (64 KiB of random bytes)',
      args: [write('garbage.yaml', randomBytes(64 * 1024))],
      code: 2,
      stderr: /^dd-lint: \S+garbage\.yaml:1:\d+: not UTF-8 text: invalid byte 0x[0-9a-f]{2}/,
      result: 'error at its line: not UTF-8 text: invalid byte',
    },
    {
      name: 'invalid UTF-8 (a Latin-1 `é` in a values file)',
      args: [write('latin1.yaml', Buffer.concat([Buffer.from('datadog:\n  clusterName: caf'), Buffer.from([0xe9]), Buffer.from('\n')]))],
      code: 2,
      stderr: /^dd-lint: \S+latin1\.yaml:2:19: not UTF-8 text: invalid byte 0xe9/,
      result: 'error at 2:19: not UTF-8 text: invalid byte 0xe9',
    },
    {
      name: 'a NUL byte in a values file',
      args: [write('nul.yaml', 'datadog:\n  site: datadoghq\0.com\n')],
      code: 2,
      stderr: /^dd-lint: \S+nul\.yaml:2:18: not YAML text: character U\+0000 is not allowed/,
      result: 'error at 2:18: character U+0000 is not allowed in YAML',
    },
    {
      name: 'UTF-8 BOM (s004-token-30 values)',
      args: [write('bom/values.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), token30]))],
      code: 1,
      stdout: tokenFinding,
      result: 'the same finding as without it (6:3)',
    },
    {
      name: 'UTF-16 LE with BOM (s004-token-30 values)',
      args: [write('utf16/values.yaml', Buffer.from('\uFEFF' + token30.toString('utf8'), 'utf16le'))],
      code: 1,
      stdout: tokenFinding,
      result: 'the same finding (6:3)',
    },
    {
      name: 'CRLF line ends (s004-token-30 values)',
      args: [write('crlf/values.yaml', token30.toString('utf8').replace(/\n/g, '\r\n'))],
      code: 1,
      stdout: tokenFinding,
      result: 'the same finding (6:3)',
    },
    {
      name: 'CRLF line ends (s004-token-30 rendering)',
      args: [write('crlf-rendered.yaml', rendering.toString('utf8').replace(/\n/g, '\r\n'))],
      code: 1,
      stdout: /crlf-rendered\.yaml\n {2}77:3 {2}error .*30 characters long/,
      result: 'the same finding (77:3)',
    },
    {
      name: 'tab indentation',
      args: [write('tab-indent.yaml', 'datadog:\n\tapiKey: x\n')],
      code: 2,
      stderr: /^dd-lint: \S+tab-indent\.yaml:2:1: invalid YAML: Tabs are not allowed as indentation/,
      result: 'error at 2:1: tabs are not allowed as indentation',
    },
    {
      name: 'tabs after colons and dashes (s004-token-30 values)',
      args: [write('tabs/values.yaml', token30.toString('utf8').replace(/: /g, ':\t'))],
      code: 1,
      stdout: tokenFinding,
      result: 'the same finding (6:3)',
    },
  ];
}
