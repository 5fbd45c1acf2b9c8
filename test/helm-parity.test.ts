/**
 * dd-lint reads values exactly as Helm does: for every case, our
 * `coalesce(mergeUserValues(files, sets).user, chart defaults)` must deep-equal the `.Values` the
 * real helm binary hands a template (`{{ .Values | toJson }}`), for helm v3.17.3 AND v4.1.4; and where
 * helm refuses the input, we must refuse it too (an InputError). The binaries are fetched into
 * .cache/helm/<version>/helm when missing (scripts/fetch-helm.mjs).
 *
 * Then every case of test/fixtures/helm-template: our merged values against the values.computed.yaml
 * Helm produced for the real datadog chart.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parseHelmYaml } from '../src/load/helm-yaml.js';
import { InputError } from '../src/load/input-error.js';
import { coalesce, get, mergeUserValues } from '../src/load/values.js';
import { isObject, type Json, type JsonObject } from '../src/json.js';
import { ensureHelm, helmValues, HELM_VERSIONS, repoRoot, type HelmVersion } from './helpers/helm.js';
import { CHART_VALUES_MISSING, chartValues } from './helpers/chart-values.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

const root = repoRoot();
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'helm-parity', name), 'utf8');
const DATADOG = '3.240.0';

type Outcome = 'ok' | 'error';

interface Case {
  name: string;
  /** The chart's values.yaml (its defaults). */
  chart?: string;
  /** Or the datadog chart's values.yaml of this version (test/fixtures/chart-values/). */
  datadogChart?: string;
  files?: { name: string; text: string }[];
  sets?: string[];
  setStrings?: string[];
  /** What helm does (both versions unless `v4` says otherwise): the case must keep testing that. */
  outcome?: Outcome;
  v4?: Outcome;
  /** Values the result must hold (dotted paths), checked on our side for every version that succeeds. */
  pin?: Record<string, Json | undefined>;
  /** Pins for helm 4, instead of `pin`, when it differs. */
  pin4?: Record<string, Json | undefined>;
}

const f = (name: string, text: string) => ({ name, text });

const cases: Case[] = [
  // --- YAML 1.1 as go-yaml v2 reads it
  {
    name: 'YAML 1.1 scalars: booleans, nulls, octal, floats, big numbers, timestamps, tags, binary',
    files: [f('scalars.yaml', fixture('yaml11-scalars.yaml'))],
    pin: {
      'booleans.e': true, 'booleans.f': false, 'booleans.i': 'tRue', 'booleans.k': 'yes',
      'ints.a': 10, 'ints.c': 8, 'ints.l': '012', 'floats.e': '1e400', 'floats.f': 9.5,
      'big.d': '0xFFFFFFFFFFFFFFFFFF', 'timestamps.b': '2002-12-14', 'tags.g': '12', binary: 'hello',
      'strings.version': 1.1, 'strings.port': '8125', 'nulls.f': '~',
    },
  },
  {
    name: 'YAML 1.1 keys: on/Off, ints, hex, octal, float32 formatting, dates, binary, JS-special names',
    files: [f('keys.yaml', fixture('yaml11-keys.yaml'))],
    pin: { 'keys.true': 'bool-on', 'keys.false': 'bool-off', 'keys.16': 'hex', 'keys.10': 'octal', 'keys.1e+06': 'float-exp', 'keys.1\\.2345679': 'float32', 'keys.hi': 'binary' },
  },
  { name: 'anchors, aliases and merge keys', files: [f('anchors.yaml', fixture('anchors-merge.yaml'))], pin: { 'after.x': 1, 'before.x': 2, 'listReversed.x': 3 } },
  { name: 'duplicate keys: the last wins, whole', files: [f('dup.yaml', fixture('duplicates.yaml'))], pin: { a: 2, 'm.k': { q: 2 }, true: 'second' } },
  { name: 'an empty file', files: [f('empty.yaml', '')], pin: {} },
  { name: 'a file of comments only, and a file that is just ~', files: [f('c.yaml', '# nothing\n'), f('n.yaml', '~\n')] },
  { name: 'a list at the top level is an error', files: [f('list.yaml', '- a\n- b\n')], outcome: 'error' },
  { name: 'a scalar at the top level is an error', files: [f('scalar.yaml', 'hello\n')], outcome: 'error' },
  { name: '.nan and .inf values are an error (no JSON for them)', files: [f('nan.yaml', 'a: 1\nb: {c: .nan}\n')], outcome: 'error' },
  { name: 'a null key is an error', files: [f('nullkey.yaml', 'a: 1\n~: 2\n')], outcome: 'error' },
  { name: 'a key beyond int64 (uint64) is an error', files: [f('uintkey.yaml', '12345678901234567890: a\n')], outcome: 'error' },
  { name: 'an unknown anchor is an error', files: [f('anchor.yaml', 'a: *nope\n')], outcome: 'error' },
  {
    name: 'an alias bomb is refused (helm: excessive aliasing; us: MAX_ALIAS_COUNT)',
    files: [f('bomb.yaml', ['l0: &l0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)].join('\n') + '\n')],
    outcome: 'error',
  },
  { name: 'bad YAML is an error', files: [f('bad.yaml', 'a:\n  b: 1\n c: 2\n')], outcome: 'error' },
  { name: 'an escape YAML 1.2 has but go-yaml v2 does not ("\\/") is an error', files: [f('esc.yaml', 'a: "x\\/y"\n')], outcome: 'error' },
  {
    name: 'syntax: BOM, CRLF, tab after a colon, flow trailing commas, block scalars, escapes, explicit keys',
    files: [f('syntax.yaml', '\ufeffa:\tb\r\nc: [1, 2,]\r\nd: {e: 1,}\r\nf: |+\r\n  x\r\n\r\ng: >-\r\n  y\r\n  z\r\nh: "\\x41\\N\\_\\e\\t\\u00e9"\r\n? i\r\n: j\r\nk: [l: 1, m]\r\n')],
    pin: { a: 'b', c: [1, 2], d: { e: 1 }, f: 'x\n\n', g: 'y z', i: 'j', k: [{ l: 1 }, 'm'] },
  },

  // --- documents: Helm 3 and Helm 4 differ
  { name: 'several documents: v3 reads the first, v4 merges them', files: [f('multi.yaml', fixture('multi-doc.yaml'))], pin: { 'datadog.tags': ['a'], 'datadog.logLevel': undefined, agents: undefined }, pin4: { 'datadog.tags': ['b'], 'datadog.apm.portEnabled': true, 'datadog.logLevel': 'debug', 'agents.useHostNetwork': true } },
  { name: 'a broken second document: v3 never reads it, v4 fails', files: [f('broken.yaml', 'a: 1\n---\nb: [\n')], v4: 'error' },
  { name: 'content after --- : v3 ignores it, v4 refuses the separator', files: [f('sep.yaml', 'a: 1\n--- {b: 2}\n')], v4: 'error' },
  { name: 'documents in the chart values.yaml too', chart: 'a: {x: 1}\n---\na: {w: 2}\nb: 1\n', files: [f('u.yaml', 'a: {z: 3}\n')], pin: { a: { x: 1, z: 3 }, b: undefined }, pin4: { a: { x: 1, w: 2, z: 3 }, b: 1 } },

  // --- merging files, then --set, then --set-string, then coalescing over the chart
  {
    name: '-f a -f b: maps merge deeply, lists and scalars replace, null replaces',
    chart: 'a: {x: 0, l: [0], s: 0, m: {n: 0}}\nkeep: 1\n',
    files: [f('1.yaml', 'a: {x: 1, l: [1, 2], s: 1, m: {n: 1, o: 1}}\n'), f('2.yaml', 'a: {l: [3], s: {q: 1}, m: null, extra: true}\n')],
    pin: { 'a.x': 1, 'a.l': [3], 'a.s': { q: 1 }, 'a.m': undefined, 'a.extra': true, keep: 1 },
  },
  {
    name: 'coalescing: nulls delete chart keys at any depth, other nulls stay, scalars and maps win over each other',
    chart: fixture('coalesce-chart.yaml'),
    files: [f('user.yaml', fixture('coalesce-user.yaml'))],
    pin: { 'A.b': undefined, 'A.c': 2, 'B.x': null, C: null, F: 5, 'G.b': 5, 'H.b': { c: 1, d: null }, 'R.b.c': { e: 2, f: null } },
  },
  { name: '--set runs after every -f, --set-string after every --set', files: [f('v.yaml', 'a: file\nb: file\n')], sets: ['a=1', 'b=2'], setStrings: ['a=x'], pin: { a: 'x', b: 2 } },
  { name: '--set into a list from a file: non-map items become maps, the list grows with nulls', files: [f('v.yaml', 'c: [1, 2]\n')], sets: ['c[1].x=5', 'c[3]=9'], pin: { c: [1, { x: 5 }, null, 9] } },
  { name: '--set through a number from a file is an error', files: [f('v.yaml', 'a: 1\n')], sets: ['a.b=2'], outcome: 'error' },
  { name: '--set through a null from a file is an error', files: [f('v.yaml', 'a: null\n')], sets: ['a.b=2'], outcome: 'error' },
  { name: '--set an index into a map from a file is an error', files: [f('v.yaml', 'a: {x: 1}\n')], sets: ['a[0]=1'], outcome: 'error' },

  // --- --set syntax and types
  { name: '--set escaped dots, commas and equals', sets: ['podAnnotations.ad\\.datadoghq\\.com/agent\\.checks=x', 'a=x\\,y', 'b\\=c=1', 'd=e=f'], pin: { 'podAnnotations.ad\\.datadoghq\\.com/agent\\.checks': 'x', a: 'x,y', 'b=c': 1, d: 'e=f' } },
  { name: '--set list indexes', sets: ['a[0].b=1,a[0].c=2', 'l[2]=x', 'n[0][1]=y', 'm[1][0].b=z', 'x[0].y[1].z=3,x[0].y[0]=q'], pin: { a: [{ b: 1, c: 2 }], l: [null, null, 'x'], n: [[null, 'y']] } },
  {
    name: '--set numbers: leading zeros, signs, int64 limits, floats stay strings',
    sets: ['a=007,b=-012,c=+5,d=-0,e=0,f=9223372036854775807,g=9223372036854775808,h=1.5,i=1e3,j=0x10,k=00,l=1_000'],
    pin: { a: '007', b: -12, c: 5, d: 0, e: 0, g: '9223372036854775808', h: '1.5', i: '1e3', j: '0x10', k: '00', l: '1_000' },
  },
  { name: '--set booleans and null in any case; yes/on are strings', sets: ['a=TRUE,b=False,c=Null,d=yes,e=on,f=falſe'], pin: { a: true, b: false, c: null, d: 'yes', e: 'on', f: false } },
  { name: '--set-string keeps everything a string', setStrings: ['a=false,b=1,c=null,d={1,true}'], pin: { a: 'false', b: '1', c: 'null', d: ['1', 'true'] } },
  { name: '--set list literals', sets: ['a={1,true,null,0,01}', 'b={}', 'c={x,y},d=2', 'e[0]={}'], pin: { a: [1, true, null, 0, '01'], b: [''], c: ['x', 'y'], d: 2, e: [['']] } },
  { name: '--set empty values, empty names, spaces', sets: ['a=', 'b=,c=2', '=5', '.x=1', ' s = 1 ', 'i[0]', 't=1,'], pin: { a: '', b: '', c: 2, ' s ': ' 1 ', i: [], t: 1 } },
  { name: '--set a name with no value is an error', sets: ['a'], outcome: 'error' },
  { name: '--set a trailing name with no value is an error', sets: ['a,b=1'], outcome: 'error' },
  { name: '--set an unterminated list is an error', sets: ['a={x,y'], outcome: 'error' },
  { name: '--set a negative index is an error', sets: ['a[-1]=1'], outcome: 'error' },
  { name: '--set an index beyond 65536 is an error', sets: ['a[65537]=1'], outcome: 'error' },
  { name: '--set more than 30 dots is an error', sets: [`${Array.from({ length: 32 }, (_, i) => `k${i}`).join('.')}=1`], outcome: 'error' },
  { name: '--set an index left open: v3 fails, v4 ignores it', sets: ['b=1,a[0'], outcome: 'error', v4: 'ok', pin4: { b: 1, a: undefined } },
  { name: '--set JS-special names', sets: ['__proto__.x=1,constructor=2,toString.a=3'], pin: { constructor: 2 } },

  // --- the real datadog chart defaults
  { name: 'datadog: --set datadog.kubeStateMetricsEnabled=false over the chart', datadogChart: DATADOG, sets: ['datadog.kubeStateMetricsEnabled=false'], pin: { 'datadog.kubeStateMetricsEnabled': false } },
  {
    name: 'datadog: a user file with YAML 1.1 traps, nulls deleting defaults, a scalar over a default map',
    datadogChart: DATADOG,
    files: [f('values.yaml', fixture('datadog-user.yaml'))],
    pin: {
      'datadog.logLevel': undefined, 'datadog.apm.portEnabled': true, 'datadog.apm.port': 8126, 'datadog.otelCollector.enabled': 'false',
      'datadog.dogstatsd.port': 8, 'datadog.dogstatsd.tagCardinality': undefined, 'datadog.dogstatsd.notAChartKey': null,
      'datadog.kubelet.tlsVerify': false, 'agents.useHostNetwork': true, 'clusterAgent.admissionController': false, newTopLevel: null,
    },
  },
  {
    name: 'datadog: two files and --set/--set-string: deep merge, list replacement, null via --set',
    datadogChart: DATADOG,
    files: [f('values.yaml', fixture('datadog-user.yaml')), f('override.yaml', fixture('datadog-override.yaml'))],
    sets: ['datadog.kubeStateMetricsEnabled=false', 'datadog.apm.socketEnabled=null', 'datadog.env[1].name=B', 'agents.podAnnotations.ad\\.datadoghq\\.com/agent\\.logs=[]'],
    setStrings: ['clusterAgent.token=00000000000000000000000000000000', 'datadog.apm.port=08126'],
    pin: {
      'datadog.tags': ['env:staging', 'team:a'], 'datadog.env': [null, { name: 'B' }], 'datadog.apm.socketEnabled': undefined, 'datadog.apm.port': '08126',
      'clusterAgent.admissionController.enabled': false, 'clusterAgent.admissionController.mutateUnlabelled': false, 'clusterAgent.token': '00000000000000000000000000000000',
    },
  },
  { name: 'datadog: quoted "false" stays a string', datadogChart: DATADOG, files: [f('values.yaml', 'datadog:\n  otelCollector:\n    enabled: "false"\n')], sets: ['datadog.apm.portEnabled=false'], pin: { 'datadog.otelCollector.enabled': 'false', 'datadog.apm.portEnabled': false } },
  { name: 'datadog: --set null deletes a default map', datadogChart: DATADOG, sets: ['datadog.securityContext=null,datadog.env=null'], pin: { 'datadog.securityContext': undefined, 'datadog.env': undefined } },
  { name: 'datadog 3.123.3: the older chart defaults', datadogChart: '3.123.3', files: [f('values.yaml', readFileSync(join(FIXTURES_DIR, 's000-on-3.123.3', 'values.yaml'), 'utf8'))], sets: ['datadog.kubeStateMetricsEnabled=false'] },
];

/** A dotted pin path (`\.` for a dot inside a key) to a values path. */
function pinPath(path: string): string[] {
  return path.split(/(?<!\\)\./).map((part) => part.replaceAll('\\.', '.'));
}

interface Ours {
  ok: boolean;
  values?: JsonObject;
  error?: unknown;
}

function ours(c: Case, chart: string, version: HelmVersion): Ours {
  const helm = version.startsWith('3.') ? 3 : 4;
  try {
    const defaults = parseHelmYaml('values.yaml', chart, { helm }).value;
    const files = (c.files ?? []).map((file) => parseHelmYaml(file.name, file.text, { helm }));
    const sets = [...(c.sets ?? []).map((expr) => ({ expr, asString: false })), ...(c.setStrings ?? []).map((expr) => ({ expr, asString: true }))];
    return { ok: true, values: coalesce(mergeUserValues(files, sets, { helm }).user, defaults) };
  } catch (error) {
    return { ok: false, error };
  }
}

await Promise.all(HELM_VERSIONS.map((v) => ensureHelm(v)));

t.test('parity with helm', async (t) => {
  t.ok(cases.length >= 30, `${cases.length} cases`);
  for (const c of cases) {
    const chart = c.datadogChart ? chartValues(c.datadogChart) : (c.chart ?? '');
    t.test(c.name, { skip: chart === undefined && CHART_VALUES_MISSING(c.datadogChart!) }, async (t) => {
      if (chart === undefined) return;
      const results = await Promise.all(HELM_VERSIONS.map((v) => helmValues(v, { chartValuesYaml: chart, files: c.files ?? [], sets: c.sets ?? [], setStrings: c.setStrings ?? [] })));
      HELM_VERSIONS.forEach((version, i) => {
        const helm = results[i]!;
        const mine = ours(c, chart, version);
        const expected = (version.startsWith('4.') ? c.v4 : undefined) ?? c.outcome ?? 'ok';
        t.equal(helm.ok ? 'ok' : 'error', expected, `helm ${version}: ${expected}${helm.ok ? '' : ''}`, helm.ok ? {} : { helmError: helm.error });
        if (!helm.ok) {
          t.notOk(mine.ok, `helm ${version} fails (${helm.error}), and so do we`);
          t.type(mine.error, InputError, `helm ${version}: an InputError`);
          return;
        }
        if (!mine.ok) {
          t.fail(`helm ${version} succeeds, we fail: ${(mine.error as Error)?.message}`);
          return;
        }
        t.strictSame(mine.values, helm.values, `helm ${version}: same .Values`);
        const pins = (version.startsWith('4.') ? c.pin4 : undefined) ?? c.pin ?? {};
        for (const [path, value] of Object.entries(pins)) t.strictSame(get(mine.values, pinPath(path)), value, `helm ${version}: ${path}`);
      });
    });
  }
});

/** The subcharts' own values, which the chart's values.yaml does not hold. */
const SUBCHART_ROOTS = new Set(['operator', 'datadog-crds', 'kube-state-metrics', 'global']);

/** `computed` where, under the subchart roots only, the keys our merge lacks are left out. */
function restrict(computed: JsonObject, mine: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(computed)) {
    if (!SUBCHART_ROOTS.has(key)) out[key] = value;
    else if (Object.hasOwn(mine, key)) out[key] = onlyKeysOf(value, mine[key]!);
  }
  return out;
}

function onlyKeysOf(computed: Json, mine: Json): Json {
  if (!isObject(computed) || !isObject(mine)) return computed;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(computed)) if (Object.hasOwn(mine, key)) out[key] = onlyKeysOf(value, mine[key]!);
  return out;
}

t.test('helm template fixtures: our merge equals the values.computed.yaml helm produced', async (t) => {
  const dir = FIXTURES_DIR;
  const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'cmd.txt')));
  t.ok(folders.length >= 17, `${folders.length} fixtures`);
  for (const folder of folders) {
    const cmd = readFileSync(join(dir, folder.name, 'cmd.txt'), 'utf8');
    const version = /charts\/datadog@(\S+)/.exec(cmd)?.[1];
    const chart = version === undefined ? undefined : chartValues(version);
    t.test(folder.name, { skip: version !== undefined && chart === undefined && CHART_VALUES_MISSING(version) }, async (t) => {
      t.ok(version, 'cmd.txt names the chart version');
      const sets = [...cmd.matchAll(/--set (\S+)/g)].map((m) => ({ expr: m[1]!, asString: false }));
      t.strictSame(sets, [{ expr: 'datadog.kubeStateMetricsEnabled=false', asString: false }]);
      if (chart === undefined) return;
      const defaults = parseHelmYaml('values.yaml', chart).value;
      const user = mergeUserValues([parseHelmYaml('values.yaml', readFileSync(join(dir, folder.name, 'values.yaml'), 'utf8'))], sets).user;
      const mine = coalesce(user, defaults);
      const computed = parseHelmYaml('values.computed.yaml', readFileSync(join(dir, folder.name, 'values.computed.yaml'), 'utf8')).value;
      const restricted = restrict(computed, mine);
      t.strictSame(mine, restricted, 'same values (subchart-only keys left out)');
      // The subchart defaults really were there, and only under the subchart roots.
      const extra = Object.keys(computed).filter((k) => JSON.stringify(computed[k]) !== JSON.stringify(restricted[k]));
      t.ok(extra.every((k) => SUBCHART_ROOTS.has(k)), `only ${[...SUBCHART_ROOTS].join(', ')} hold keys we lack: ${extra.join(', ')}`);
      t.equal(get(mine, ['datadog', 'kubeStateMetricsEnabled']), false);
    });
  }
});
