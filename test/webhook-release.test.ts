/**
 * Helm release Secrets, made the way Helm makes them, sent as `helm install` creates them (before
 * any of the release's objects): a bad install of the datadog chart is refused with the reason in
 * the user's terminal, a good one passes, and the verdict agrees with `dd-lint values.yaml`.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { lintTexts } from '../src/engine/run.js';
import { bundledDefaults } from '../src/chart/defaults.js';
import { parseHelmYaml } from '../src/load/helm-yaml.js';
import { mergeUserValues } from '../src/load/values.js';
import type { JsonObject } from '../src/json.js';
import { decodeRelease } from '../src/load/helm-release.js';
import { fixtures, type Fixture } from './helpers/fixtures.js';
import { helmReleaseJson, helmReleaseSecret } from './helpers/webhook-release.js';
import { startTestWebhook, type AdmissionResult } from './helpers/webhook.js';

/** The `--set` every fixture was rendered with (cmd.txt). */
const SETS = [{ expr: 'datadog.kubeStateMetricsEnabled=false', asString: false }];

/** Helm's `config` for the fixture: its values file with the --set applied. */
function userValues(fixture: Fixture): JsonObject {
  return mergeUserValues([parseHelmYaml(fixture.values, readFileSync(fixture.values, 'utf8'))], SETS).user;
}

async function releaseOf(fixture: Fixture, revision = 1) {
  const defaults = await bundledDefaults(fixture.chartVersion);
  return helmReleaseSecret({ name: 'datadog', namespace: 'datadog', revision, chartVersion: defaults.version, chartValues: defaults.values, config: userValues(fixture) });
}

const reported = (r: AdmissionResult): string[] => [
  ...(r.allowed ? [] : [...r.status!.message.matchAll(/^(?:.*?: |\d+\. )?\[([a-z0-9-]+)\]/gm)].map((m) => `${m[1]} error`)),
  ...(r.warnings ?? []).flatMap((w) => {
    const m = /^dd-lint (error|warning|info) ([a-z0-9-]+)[ :]/.exec(w);
    return m ? [`${m[2]} ${m[1]}`] : [];
  }),
];

const hook = await startTestWebhook();
t.teardown(() => hook.close());
const byName = (name: string) => fixtures().find((f) => f.name === name)!;

t.test('the release Secret decodes to what Helm stored', async (t) => {
  const fixture = byName('s004-token-30');
  const secret = await releaseOf(fixture);
  const release = decodeRelease((secret.data as { release: string }).release);
  t.equal(release.chartName, 'datadog');
  t.equal(release.chartVersion, '3.240.0');
  t.equal(release.name, 'datadog');
  t.same(release.config, userValues(fixture));
});

t.test('a bad install is refused before anything is created; a good one passes', async (t) => {
  const bad = await hook.review(await releaseOf(byName('s004-token-30')));
  t.equal(bad.allowed, false, 'a 30-character cluster agent token: denied');
  const first = bad.status!.message.split('\n')[0]!;
  t.match(first, /^Helm release datadog\/datadog revision 1 \(chart datadog 3\.240\.0\): \[cluster-agent-token-too-short\] .*30 characters long/);
  t.match(bad.status!.message, /\n {3}at clusterAgent\.token\n/, 'points at the values key');
  t.match(bad.status!.message, /fix: Use a token of at least 32/);
  t.match(bad.status!.message, /webhook\.policies/, 'says how to accept the risk for a release (the config; annotations do not apply)');
  const token = /token:\s*"?([A-Za-z0-9]+)/.exec(readFileSync(byName('s004-token-30').values, 'utf8'))![1]!;
  t.notOk(JSON.stringify(bad).includes(token), 'the token itself is never in the answer');

  for (const name of ['default', 's004-token-32', 'otel-no-hostnetwork', 's001-apm-portenabled']) {
    const good = await hook.review(await releaseOf(byName(name)));
    t.same({ allowed: good.allowed, warnings: good.warnings }, { allowed: true, warnings: undefined }, `${name}: allowed, no warning`);
  }
});

t.test('otel collector + host network: a warning by default, denied when the config makes it an error', async (t) => {
  const secret = await releaseOf(byName('s000-otel-hostnetwork'));
  const warned = await hook.review(secret);
  t.equal(warned.allowed, true);
  t.match(warned.warnings, [/^dd-lint warning otel-hostnetwork-port-conflict: /]);

  const strict = await startTestWebhook({ config: { policies: { 'otel-hostnetwork-port-conflict': 'error' } } });
  t.teardown(() => strict.close());
  const denied = await strict.review(secret);
  t.equal(denied.allowed, false);
  t.match(denied.status!.message, /^Helm release datadog\/datadog revision 1 \(chart datadog 3\.240\.0\): \[otel-hostnetwork-port-conflict\] /);
});

t.test('the verdict on each fixture release agrees with dd-lint on its values file', async (t) => {
  for (const fixture of fixtures()) {
    const result = await hook.review(await releaseOf(fixture));
    const cli = await lintTexts([{ file: fixture.values, text: readFileSync(fixture.values, 'utf8') }], [], { sets: SETS, chartVersion: fixture.chartVersion });
    // duplicate keys are gone once Helm has stored the values as JSON
    const expected = [...new Set(cli.findings.filter((f) => !f.suppression && f.ruleId !== 'duplicate-key').map((f) => `${f.ruleId} ${f.severity}`))].sort();
    t.same([...new Set(reported(result))].sort(), expected, fixture.name);
  }
});

t.test('helm upgrade: the old release marked superseded (UPDATE) is not refused for what it already had', async (t) => {
  const v1 = await releaseOf(byName('s004-token-30'));
  const superseded = helmReleaseSecret({
    ...decodeAsSpec(v1),
    status: 'superseded',
  });
  const update = await hook.review(superseded, { operation: 'UPDATE', oldObject: v1 });
  t.equal(update.allowed, true);
  t.match(update.warnings, [/^dd-lint error cluster-agent-token-too-short \(already there before this change\): /]);
  const v2 = await hook.review(await releaseOf(byName('s004-token-30'), 2));
  t.equal(v2.allowed, false, 'the new revision (CREATE) is judged on its own');
});

t.test('releases of other charts and Secrets that are not releases are only stored', async (t) => {
  const other = helmReleaseSecret({ name: 'web', namespace: 'shop', chartName: 'nginx', chartVersion: '1.0.0', chartValues: {}, config: { clusterAgent: { token: 'short' } } });
  t.same(await hook.review(other).then((r) => [r.allowed, r.warnings]), [true, undefined]);
  const plain = { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'x', namespace: 'shop' }, data: { password: Buffer.from('hunter2').toString('base64') } };
  t.same(await hook.review(plain).then((r) => [r.allowed, r.warnings]), [true, undefined]);
});

t.test('a release that does not decode is allowed with a warning, never a 500', async (t) => {
  const corrupt = { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'sh.helm.release.v1.x.v1', namespace: 'datadog' }, data: { release: Buffer.from('not gzip, not json').toString('base64') } };
  const r = await hook.review(corrupt);
  t.equal(r.allowed, true);
  t.match(r.warnings, [/^dd-lint could not check Secret datadog\/sh\.helm\.release\.v1\.x\.v1: an internal error .*allowed unchecked/]);
  t.equal(hook.metrics.errors.get({ reason: 'internal' }), 1, 'counted');
  t.ok(hook.logs.lines.some((l) => l.msg === 'admission evaluation failed; allowed unchecked' && l.level === 50), 'logged');
});

t.test('a gzip bomb is refused, not inflated', async (t) => {
  const { gzipSync } = await import('node:zlib');
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)).toString('base64');
  const secret = { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'sh.helm.release.v1.b.v1', namespace: 'datadog' }, data: { release: Buffer.from(bomb).toString('base64') } };
  const r = await hook.review(secret);
  t.equal(r.allowed, true);
  t.match(r.warnings, [/could not check/]);
});

/** The spec a release Secret was made from (to make its next state, as Helm does). */
function decodeAsSpec(secret: JsonObject) {
  const r = decodeRelease((secret.data as { release: string }).release);
  const json = helmReleaseJson({ name: r.name, namespace: r.namespace, chartVersion: r.chartVersion, chartValues: r.chartValues, config: r.config });
  return { name: r.name, namespace: r.namespace, revision: r.revision, chartVersion: r.chartVersion, chartValues: (json.chart as JsonObject).values as JsonObject, config: r.config };
}
