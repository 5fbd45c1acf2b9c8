/**
 * The installed `dd-lint` is the esbuild bundle (dist/bundle/dd-lint.cjs, scripts/bundle-cli.mjs);
 * the other tests run the tsc output it is built from. Both must print the same thing: same
 * stdout, stderr and exit code on the examples, in formats that load code on demand (sarif reads
 * package.json for its rule links, junit loads xmlbuilder2) and on bad input.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { create } from 'tar';
import { join } from 'node:path';
import { CLI, REPO_ROOT } from './helpers/cli.js';

const BUNDLE = join(REPO_ROOT, 'dist', 'bundle', 'dd-lint.cjs');

function run(bin: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DD_LINT_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('package.json runs the bundle as dd-lint', async (t) => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  t.equal(pkg.bin['dd-lint'], 'dist/bundle/dd-lint.cjs');
});

const cases: [string, string[]][] = [
  ['stylish, one values file', ['examples/token-30/values.yaml']],
  ['json, every example', ['--format', 'json', 'examples/']],
  ['sarif', ['--format', 'sarif', 'examples/otel-hostnetwork/']],
  ['junit', ['--format', 'junit', 'examples/apm-hostip/']],
  ['an older chart version', ['--chart-version', '3.123.3', 'examples/ssl-agent-only/values.yaml']],
  ['a missing file', ['examples/no-such-file.yaml']],
  ['--version', ['--version']],
];

for (const [name, args] of cases) {
  t.test(name, async (t) => {
    const bundled = run(BUNDLE, args);
    const compiled = run(CLI, args);
    t.same(bundled, compiled, `dd-lint ${args.join(' ')}`);
    // Not two empty outputs: each case prints something of its own.
    t.ok(bundled.stdout.length + bundled.stderr.length > 0, 'prints something');
  });
}

t.test('a chart archive (tar, bundled apart) reads the same', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-bundle-'));
  mkdirSync(join(dir, 'datadog'));
  writeFileSync(join(dir, 'datadog', 'Chart.yaml'), 'apiVersion: v2\nname: datadog\nversion: 9.0.0\n');
  writeFileSync(join(dir, 'datadog', 'values.yaml'), 'agents:\n  enabled: true\n  useHostNetwork: true\ndatadog:\n  otelCollector:\n    enabled: false\n');
  await create({ gzip: true, file: join(dir, 'datadog-9.0.0.tgz'), cwd: dir }, ['datadog']);
  writeFileSync(join(dir, 'otel.yaml'), 'datadog:\n  otelCollector:\n    enabled: true\n');
  const args = ['--chart', join(dir, 'datadog-9.0.0.tgz'), join(dir, 'otel.yaml')];
  const bundled = run(BUNDLE, args);
  t.same(bundled, run(CLI, args));
  t.match(bundled.stdout, /otel-hostnetwork-port-conflict/, 'the archive\'s defaults were read');
});

t.test('the bundle finds the chart facts and rule pages from its own folder', async (t) => {
  const r = run(BUNDLE, ['--format', 'sarif', 'examples/token-30/values.yaml']);
  t.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { version: string; rules: { id: string; helpUri: string }[] } } }[] };
  const driver = sarif.runs[0]!.tool.driver;
  t.equal(driver.version, (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  t.match(driver.rules.find((rule) => rule.id === 'cluster-agent-token-too-short')?.helpUri, /docs\/rules\/cluster-agent-token-too-short\.md$/);
});
