/**
 * The bundled datadog chart history (src/chart/data, via src/chart/history.ts): the versions, Helm
 * version constraints, each version's defaults, and the values paths each version knows. The
 * expected facts were read from the chart's own files (values.yaml and templates of each version).
 */
import t from 'tap';
import { chartDefaults, chartKeys, chartVersions, newestChartVersion, resolveChartVersion } from '../src/chart/history.js';
import { bundledDefaults, DEFAULT_CHART_VERSION } from '../src/chart/defaults.js';
import { InputError } from '../src/load/input-error.js';
import { cloneValues, type Json, type JsonObject } from '../src/json.js';
import { CHART_DATA_DIR } from '../src/package-root.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';

const at = (tree: JsonObject, path: string): Json | undefined =>
  path.split('.').reduce<Json | undefined>((o, k) => (o !== null && typeof o === 'object' && !Array.isArray(o) ? o[k] : undefined), tree);

t.test('every published datadog version from 2.4.0 to 3.240.0, in semver order', async (t) => {
  const versions = chartVersions();
  t.equal(versions.length, 931);
  t.equal(versions[0], '2.4.0');
  t.equal(versions[versions.length - 1], '3.240.0');
  t.equal(newestChartVersion(), '3.240.0');
  t.equal(DEFAULT_CHART_VERSION, '3.240.0');
  t.ok(versions.indexOf('2.4.39') < versions.indexOf('2.5.0') && versions.indexOf('2.5.0') < versions.indexOf('2.10.1'), '2.4.39 < 2.5.0 < 2.10.1');
  t.notOk(versions.includes('2.4.32'), 'a version never published is not listed');
});

t.test('resolveChartVersion reads versions and ranges as Helm does', async (t) => {
  const cases: [string, { version: string; exact: boolean } | undefined][] = [
    ['3.123.3', { version: '3.123.3', exact: true }],
    ['v3.123.3', { version: '3.123.3', exact: true }],
    [' 3.240.0 ', { version: '3.240.0', exact: true }],
    ['^3.100.0', { version: '3.240.0', exact: false }],
    ['^2.4.0', { version: '2.37.9', exact: false }],
    ['~3.5', { version: '3.5.2', exact: false }],
    ['~3.5.0', { version: '3.5.2', exact: false }],
    ['>=3.0.0 <4', { version: '3.240.0', exact: false }],
    ['>= 2.0.0, < 3.0.0', { version: '2.37.9', exact: false }],
    ['3.x', { version: '3.240.0', exact: false }],
    ['2.10.x', { version: '2.10.14', exact: false }],
    ['*', { version: '3.240.0', exact: false }],
    ['<2.5.0', { version: '2.4.39', exact: false }],
    ['3.120 - 3.122', { version: '3.122.1', exact: false }],
    ['>4 || 2.4.1', { version: '2.4.1', exact: false }],
    ['2.4.32', undefined],
    ['9.9.9', undefined],
    ['^9', undefined],
    ['not a version', undefined],
  ];
  for (const [input, expected] of cases) t.same(resolveChartVersion(input), expected, input);
});

t.test('defaults of a version are its values.yaml as Helm reads it', async (t) => {
  const newest = await chartDefaults('3.240.0');
  t.equal(newest.version, '3.240.0');
  t.equal(at(newest.values, 'clusterAgent.enabled'), true);
  t.equal(at(newest.values, 'datadog.apm.portEnabled'), false);
  t.equal(at(newest.values, 'agents.image.tag'), '7.81.1');
  t.same(at(newest.values, 'datadog.env'), []);
  t.same(Object.keys(newest.values).length, 21);
  const older = await bundledDefaults('3.123.3');
  t.equal(older.version, '3.123.3');
  t.equal(at(older.values, 'agents.image.tag'), '7.67.0');
  t.equal(at(older.values, 'clusterAgent.image.tag'), '7.67.0');
  t.equal(at(older.values, 'datadog.apm.portEnabled'), false);
  t.same(Object.keys(older.values).length, 16);
  t.equal(at(older.values, 'datadog.agentDataPlane.enabled'), false);
  t.equal(at(newest.values, 'datadog.agentDataPlane'), undefined);
  const oldest = await chartDefaults('2.4.0');
  t.equal(at(oldest.values, 'datadog.kubeStateMetricsEnabled'), true);
  t.equal(at(oldest.values, 'clusterAgent.enabled'), false);
  // every call hands out its own copy
  (newest.values.clusterAgent as JsonObject).enabled = false;
  t.equal(at((await chartDefaults('3.240.0')).values, 'clusterAgent.enabled'), true);
});

t.test('an unbundled version is an input error listing the bundled range', async (t) => {
  for (const attempt of [() => bundledDefaults('3.999.0'), () => chartDefaults('2.3.0')]) {
    await t.rejects(attempt(), InputError);
  }
  await t.rejects(bundledDefaults('3.999.0'), {
    message: '--chart-version 3.999.0: no bundled defaults for this version (bundled: 2.4.0 to 3.240.0); use --chart DIR|TGZ to read its values.yaml',
  });
  t.throws(() => chartKeys('1.0.0'), InputError);
});

t.test('lookup tells known, open and unknown paths apart', async (t) => {
  const keys = chartKeys('3.240.0');
  const older = chartKeys('3.123.3');
  const p = (s: string) => s.split('.');
  t.equal(keys.lookup(p('datadog.apiKey')), 'known');
  t.equal(keys.lookup(p('datadog.apikey')), 'unknown');
  t.equal(keys.lookup(p('registry')), 'known');
  t.equal(keys.lookup(p('datadog.registry')), 'unknown');
  t.equal(keys.lookup(p('datadog.env')), 'known');
  t.equal(keys.lookup(p('datadog.env.FOO')), 'open');
  t.equal(keys.lookup(p('agents.podAnnotations.example.com/anything')), 'open');
  t.equal(keys.lookup(p('datadog.confd.redisdb.yaml')), 'open');
  t.equal(keys.lookup(p('clusterAgent.pdb.create')), 'known');
  t.equal(older.lookup(p('clusterAgent.pdb')), 'unknown');
  t.equal(older.lookup(p('datadog.agentDataPlane.enabled')), 'known');
  t.equal(keys.lookup(p('datadog.agentDataPlane')), 'unknown');
  t.equal(keys.lookup(p('datadog.agentDataPlane.enabled')), 'unknown');
  // a dependency's condition and a subchart's own values
  t.equal(keys.lookup(p('datadog.kubeStateMetricsEnabled')), 'known');
  t.equal(keys.lookup(p('datadog-crds.crds.datadogMetrics')), 'known');
  t.equal(keys.lookup(p('datadog-crds.crds.datadogMetricz')), 'unknown');
  t.equal(keys.lookup(p('kube-state-metrics.image.tag')), 'open', 'a subchart outside the bundle is open');
  t.equal(keys.lookup(p('operator.replicaCount')), 'known');
});

t.test('children list the known keys below a path', async (t) => {
  const keys = chartKeys('3.240.0');
  const apm = keys.children(['datadog', 'apm']);
  t.ok(apm.includes('portEnabled') && apm.includes('socketEnabled'), apm.join(', '));
  t.same(apm, [...apm].sort());
  t.notOk(keys.children(['clusterAgent']).includes('pdbx'));
  t.ok(keys.children(['clusterAgent']).includes('pdb'));
  t.ok(keys.children(['datadog-crds', 'crds']).includes('datadogMetrics'), 'a subchart\'s keys');
  t.same(keys.children(['no', 'such']), []);
});

t.test('versionsReading names the versions that know a path', async (t) => {
  const keys = chartKeys('3.240.0');
  const adp = keys.versionsReading(['datadog', 'agentDataPlane']);
  t.ok(adp.includes('3.123.3'), 'read by 3.123.3');
  t.notOk(adp.includes('3.240.0'), 'not by 3.240.0');
  t.notOk(adp.includes('2.4.0'), 'nor by 2.4.0');
  const pdb = keys.versionsReading(['clusterAgent', 'pdb']);
  t.ok(pdb.includes('3.240.0'));
  t.notOk(pdb.includes('3.123.3'));
  const all = chartVersions();
  t.same(keys.versionsReading(['datadog', 'apiKey']), all, 'every version reads datadog.apiKey');
  t.same(keys.versionsReading(['datadog', 'apikey']), []);
  for (const v of [adp[0]!, adp[adp.length - 1]!]) t.equal(chartKeys(v).lookup(['datadog', 'agentDataPlane']), 'known', `agrees with lookup at ${v}`);
});

t.test("the newest version's facts written at build (datadog.newest.json) are the data's own newest state", async (t) => {
  type Keys = { base: string; versions: string[]; paths: [number, string][]; known: number[]; open: number[]; deps: unknown[] };
  const source = (name: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, 'src', 'chart', 'data', name), 'utf8'));
  const keys = source('datadog.keys.json') as Keys;
  const defaults = source('datadog.defaults.json') as { base: string; values: JsonObject };
  const newest = JSON.parse(readFileSync(new URL('datadog.newest.json', CHART_DATA_DIR), 'utf8')) as Record<string, unknown>;
  const pathOf = (id: number): string[] => (id === -1 ? [] : [...pathOf(keys.paths[id]![0]), keys.paths[id]![1]]);
  t.equal(newest.version, keys.base);
  t.equal(newest.version, defaults.base);
  t.same(newest.versions, keys.versions);
  t.equal(JSON.stringify(newest.defaults), JSON.stringify(defaults.values), 'defaults, key order included');
  t.same(newest.known, keys.known.map((id) => pathOf(id).join('\u0000')));
  t.same(newest.open, keys.open.map((id) => pathOf(id).join('\u0000')));
  t.same(newest.deps, keys.deps);
  // And the runtime reads them: the newest version's keys answer as the replayed data does.
  const k = chartKeys(keys.base);
  for (const id of keys.known) t.equal(k.lookup(pathOf(id)), 'known', pathOf(id).join('.'));
  t.equal(k.lookup(['datadog', 'notAKeyOfTheChart']), 'unknown');
  t.same(k.children(['datadog', 'apm']).slice(0, 3), ['enabled', 'errorTrackingStandalone', 'hostSocketPath'], 'did-you-mean candidates');
});

t.test('cloneValues copies maps and lists deeply, keeps __proto__ as a key and numbers as they are', async (t) => {
  const original = JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"x":1}}') as JsonObject;
  (original.a as JsonObject).n = Number.NaN;
  const copy = cloneValues(original);
  t.same(copy, original);
  t.not(copy.a, original.a);
  t.ok(Object.hasOwn(copy, '__proto__'), '__proto__ is an own key');
  t.equal(Object.getPrototypeOf(copy), Object.prototype, 'and did not become the prototype');
  t.ok(Number.isNaN((copy.a as JsonObject).n), 'NaN stays NaN');
  ((copy.a as JsonObject).b as Json[]).push(3);
  t.equal(((original.a as JsonObject).b as Json[]).length, 2, 'the original is untouched');
});
