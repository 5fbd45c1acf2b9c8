/**
 * `dd-lint schema`: the JSON Schema of a chart version's values accepts that version's own
 * values.yaml (bundled defaults, and the full copies in test/fixtures/chart-values/) and rejects the
 * mistakes unknown-values-key reports.
 */
import t from 'tap';
import { Ajv } from 'ajv';
import { chartDefaults, chartVersions } from '../src/chart/history.js';
import { valuesSchema } from '../src/chart/values-schema.js';
import { parseHelmYaml } from '../src/load/helm-yaml.js';
import { chartValues } from './helpers/chart-values.js';
import { ddLint as runCli } from './helpers/cli.js';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
const compile = async (version: string) => {
  if (!compiled.has(version)) compiled.set(version, ajv.compile(await valuesSchema(version)));
  return compiled.get(version)!;
};

/** 20 versions spread evenly over the bundled ones, first and last included. */
function sample(): string[] {
  const all = chartVersions();
  const picked = new Set<string>();
  for (let i = 0; i < 20; i++) picked.add(all[Math.round((i * (all.length - 1)) / 19)]!);
  return [...picked];
}

t.test("20 versions from 2.x and 3.x: each accepts its own values.yaml", async (t) => {
  const versions = sample();
  t.ok(versions.some((v) => v.startsWith('2.')) && versions.some((v) => v.startsWith('3.')), versions.join(' '));
  for (const version of versions) {
    const validate = await compile(version);
    const { values } = await chartDefaults(version);
    t.ok(validate(values), `${version}: ${ajv.errorsText(validate.errors)}`);
  }
});

t.test('the full copies of values.yaml in test/fixtures validate against their version', async (t) => {
  for (const version of ['3.240.0', '3.123.3']) {
    const text = chartValues(version);
    if (text === undefined) throw new Error(`missing test/fixtures/chart-values/datadog-${version}.yaml`);
    const validate = await compile(version);
    t.ok(validate(parseHelmYaml(`datadog-${version}.yaml`, text).value), `${version}: ${ajv.errorsText(validate.errors)}`);
  }
});

t.test('the typos unknown-values-key reports are rejected, at the right place', async (t) => {
  const validate = await compile('3.240.0');
  const rejected = (values: unknown) => (validate(values) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
  t.same(rejected({ datadog: { apikey: 'x' } }), ['/datadog must NOT have additional properties {"additionalProperty":"apikey"}']);
  t.same(rejected({ datadog: { registry: 'gcr.io/datadoghq' } }), ['/datadog must NOT have additional properties {"additionalProperty":"registry"}']);
  t.same(rejected({ datadog: { otelcollector: { enabled: true } } }), ['/datadog must NOT have additional properties {"additionalProperty":"otelcollector"}']);
  t.same(rejected({ datadog: { containers: [{ name: 'trace-agent' }] } }), ['/datadog must NOT have additional properties {"additionalProperty":"containers"}']);
  t.same(rejected({ agents: { containers: { agent: { requests: { cpu: '1' } } } } }), ['/agents/containers/agent must NOT have additional properties {"additionalProperty":"requests"}']);
  t.same(rejected({ datadog: { serviceTopology: { enabled: true } } }), ['/datadog must NOT have additional properties {"additionalProperty":"serviceTopology"}']);
  t.same(rejected({ datadog: { logLevel: ['debug'] } }), ['/datadog/logLevel must be string,null {"type":["string","null"]}'], 'a type from the default');
  t.same(rejected({ datadog: { apiKey: null, env: [{ name: 'A', value: 'b' }], confd: { 'x.yaml': 'y' } }, agents: { podAnnotations: { a: 'b' } }, 'kube-state-metrics': { any: 1 } }), [], 'null, open sub-trees and a subchart that is not bundled');
  const old = await compile('2.20.0');
  t.ok(old({ datadog: { serviceTopology: { enabled: true } } }), 'chart 2.20.0 reads datadog.serviceTopology');
});

t.test('dd-lint schema prints draft-07 JSON for the asked version; a version with no data is exit 2, one line', async (t) => {
  const printed = runCli(['schema', '--chart-version', '^3.123.0']);
  t.equal(printed.code, 0, printed.stderr);
  const schema = JSON.parse(printed.stdout) as Record<string, unknown>;
  t.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  t.equal(schema.$id, 'urn:dd-lint:schema:datadog-values:3.240.0');
  t.same(JSON.parse(runCli(['schema']).stdout), schema, 'the newest version by default');
  t.match(JSON.parse(runCli(['schema', '--chart-version', '2.37.9']).stdout), { $id: 'urn:dd-lint:schema:datadog-values:2.37.9' });
  t.same(runCli(['schema', '--chart-version', '9.0.0']), { code: 2, stdout: '', stderr: 'dd-lint: --chart-version 9.0.0: no bundled chart version matches (bundled: 2.4.0 to 3.240.0)\n' });
  t.same(runCli(['schema', 'values.yaml']), { code: 2, stdout: '', stderr: 'dd-lint: schema takes no inputs (got values.yaml); use --chart-version V\n' });
});
