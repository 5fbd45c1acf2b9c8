/**
 * Every policy file is valid and has a rule, and its examples produce exactly the findings they
 * declare (like ESLint's RuleTester): count, line, column, severity, message; any finding of another
 * policy must be declared in `others`.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { BUILTIN_IDS, loadPolicies, loadPoliciesWithExamples, loadPolicyFiles } from '../src/policy/load.js';
import { loadCustomPolicies, type CustomPolicies } from '../src/policy/custom.js';
import { fileURLToPath } from 'node:url';
import { UNUSED_SUPPRESSION } from '../src/engine/run.js';
import type { Finding } from '../src/model/finding.js';
import type { PolicyWithExamples } from '../src/policy/types.js';
import { lintExample } from './helpers/lint-text.js';
import { API_KEY_GIVEN, chartValuesCopy, fullValuesText, testedInputs, keyPosition, valuesPath, type AnyExample, type ExampleInputs } from './helpers/policy-examples.js';
import { HELM_VERSIONS, helmValues } from './helpers/helm.js';
/** The chart versions whose full values.yaml copies test/fixtures/chart-values/ holds. */
const BUNDLED_CHART_VERSIONS = ['3.240.0', '3.123.3', '3.69.2'];

const schema = JSON.parse(readFileSync(new URL('../../schemas/policy.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
const files = await loadPolicyFiles();
// Every example is linted, and every full copy read by helm too: the file grows with the policies (the chart's notices bring dozens).
t.setTimeout(300_000);

t.test('policy files match schemas/policy.schema.json and are named after their id', async (t) => {
  t.ok(files.length >= 10, `${files.length} policies`);
  for (const { file, policy } of files) {
    t.ok(validate(policy), `${file}: ${JSON.stringify(validate.errors)}`);
    t.equal(file.split('/').pop(), `${policy.id}.yaml`);
  }
});

t.test("the built-in policies are the policy files with their modules' severity and category (the build joins them)", async (t) => {
  t.same(
    loadPolicies().map(({ severity: _s, category: _c, ...text }) => text),
    files.map(({ policy: { examples: _e, ...text } }) => text),
  );
  t.same(files.map((f) => f.policy.id).sort(), [...BUILTIN_IDS].sort());
  t.ok(BUILTIN_IDS.includes(UNUSED_SUPPRESSION));
});

const examplesDir = fileURLToPath(new URL('../../policies/examples/', import.meta.url));
const custom = await loadCustomPolicies([examplesDir], new Set(files.map((f) => f.policy.id)));

t.test('the custom policy examples in policies/examples/ load as custom policies', async (t) => {
  t.ok(custom.policies.length >= 2, `${custom.policies.length} examples`);
  for (const policy of custom.policies) t.ok(validate(policy), `${policy.id}: ${JSON.stringify(validate.errors)}`);
});

const allPolicies: PolicyWithExamples[] = [...(await loadPoliciesWithExamples()), ...custom.policies];

t.test('every policy has three failing and two passing examples, and one on a full copy of the chart values if it reads values', async (t) => {
  for (const policy of allPolicies) {
    const { fail, pass, full = [] } = policy.examples;
    t.ok(fail.length >= 3, `${policy.id}: ${fail.length} failing examples`);
    t.ok(pass.length >= 2, `${policy.id}: ${pass.length} passing examples`);
    if (fail.some((e) => e.values !== undefined)) t.ok(full.length >= 1, `${policy.id} reads values: ${full.length} examples on a full copy`);
  }
});

t.test("the chart's values.yaml copies, unedited, the API key given, raise no finding (a full-copy example's findings come from its edits)", async (t) => {
  for (const version of BUNDLED_CHART_VERSIONS) {
    const findings = await lintExample({ values: chartValuesCopy(version), set: [API_KEY_GIVEN], chartVersion: version });
    t.same(findings.map(show), [], version);
  }
});

type Input = 'values' | 'manifests' | 'set';

/** A place as the tester compares it: `values:3:5`. */
interface Place {
  in: Input;
  line: number;
  column?: number;
}

const inputOf = (file: string): string => (file === 'values.yaml' ? 'values' : file === 'manifests.yaml' ? 'manifests' : file.startsWith('--set') ? 'set' : file);
const show = (f: Finding) => `${f.ruleId} ${inputOf(f.location.file)}:${f.location.line}:${f.location.column} ${f.severity} ${f.message}`;

/** Where an expected finding is: its `at` resolved in the values text, or its line and column. */
function placeOf(spec: { at?: string; line?: number; column?: number; in?: Input }, inputs: ExampleInputs): Place | string {
  const input = spec.in ?? (spec.at !== undefined || inputs.values !== undefined ? 'values' : 'manifests');
  if (spec.at !== undefined) {
    const at = inputs.values === undefined ? undefined : keyPosition(inputs.values, spec.at);
    return at ? { in: 'values', ...at } : `at: ${spec.at} is no key of the values text`;
  }
  if (spec.line === undefined) return 'a finding needs `line` and `column`, or `at`';
  return { in: input, line: spec.line, ...(spec.column !== undefined ? { column: spec.column } : {}) };
}

/** This example's own policy alone, with its custom check when it is a custom one. */
function onlyCustom(policy: PolicyWithExamples): CustomPolicies | undefined {
  const check = custom.checks.get(policy.id);
  return check ? { policies: [policy], checks: new Map([[policy.id, check]]) } : undefined;
}

/**
 * The findings as lines to compare: a finding that matches an expected one (place, severity, message
 * fragment) shows as that expectation, any other shows in full; so the two sorted lists are equal
 * exactly when the findings are the declared ones, and a difference reads as a diff.
 */
function compare(actual: Finding[], expected: { place: Place | string; severity: string; message: string }[]): { got: string[]; want: string[] } {
  const want = expected.map((e) => (typeof e.place === 'string' ? `(bad expectation: ${e.place})` : `${e.place.in}:${e.place.line}:${e.place.column} ${e.severity} …${e.message}…`));
  const open = expected.map((e, i) => ({ ...e, text: want[i]! }));
  const got = actual.map((f) => {
    const i = open.findIndex(
      (e) =>
        typeof e.place !== 'string' &&
        e.place.in === inputOf(f.location.file) &&
        e.place.line === f.location.line &&
        e.place.column === f.location.column &&
        e.severity === f.severity &&
        f.message.includes(e.message),
    );
    if (i < 0) return `${inputOf(f.location.file)}:${f.location.line}:${f.location.column} ${f.severity} ${f.message}`;
    return open.splice(i, 1)[0]!.text;
  });
  return { got: got.sort(), want: [...want].sort() };
}

async function checkExample(t: Test, policy: PolicyWithExamples, example: AnyExample, fails: boolean): Promise<void> {
  const inputs = testedInputs(policy.id, example);
  const findings = await lintExample(inputs, onlyCustom(policy));
  const own = findings.filter((f) => f.ruleId === policy.id);
  if (fails) t.ok(example.findings?.length, `a failing example declares its findings: ${example.description}`);
  else t.notOk(example.findings, `a passing example declares no findings: ${example.description}`);
  const expected = (example.findings ?? []).map((e) => ({ place: placeOf(e, inputs), severity: e.severity ?? policy.severity, message: e.message }));
  const mine = compare(own, expected);
  t.same(mine.got, mine.want, `${fails ? 'fails' : 'passes'}: ${example.description}`);
  // Other policies: every finding declared in `others` (by policy and line), and nothing else.
  const where = (p: Place | string) => (typeof p === 'string' ? `(bad expectation: ${p})` : `${p.in}:${p.line}`);
  const others = findings.filter((f) => f.ruleId !== policy.id);
  t.same(
    others.map((f) => `${f.ruleId} ${inputOf(f.location.file)}:${f.location.line}`).sort(),
    (example.others ?? []).map((o) => `${o.policy} ${where(placeOf(o, inputs))}`).sort(),
    `other policies' findings are the declared ones: ${example.description}\n${others.map(show).join('\n')}`,
  );
}

for (const policy of allPolicies) {
  t.test(`${policy.id} examples`, async (t) => {
    for (const example of policy.examples.fail) await checkExample(t, policy, example, true);
    for (const example of policy.examples.full ?? []) await checkExample(t, policy, example, true);
    for (const example of policy.examples.pass) await checkExample(t, policy, example, false);
  });
}

/** `.Values` as helm reads a values text over an empty chart. */
async function helmReads(text: string): Promise<unknown> {
  const r = await helmValues(HELM_VERSIONS[0], { files: [{ name: 'values.yaml', text }] });
  if (!r.ok) throw new Error(r.error);
  return r.values;
}

function setPath(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    if (typeof node[segment] !== 'object' || node[segment] === null) node[segment] = {};
    node = node[segment] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

t.test('helm reads each edited full copy as the copy plus exactly its edits (the edits mean what they say)', async (t) => {
  const originals = new Map<string, unknown>();
  for (const version of BUNDLED_CHART_VERSIONS) originals.set(version, await helmReads(chartValuesCopy(version)));
  let checked = 0;
  for (const policy of allPolicies) {
    for (const example of policy.examples.full ?? []) {
      const full = example.fullValues;
      const expected = structuredClone(originals.get(full.chartVersion)) as Record<string, unknown>;
      for (const [path, value] of Object.entries(full.set ?? {})) setPath(expected, valuesPath(path), value);
      // Appended top-level keys replace the copy's (the last duplicate wins).
      if (full.append !== undefined) Object.assign(expected, parse(full.append, { version: '1.1' }));
      t.same(await helmReads(fullValuesText(full)), expected, `${policy.id}: ${example.description}`);
      checked++;
    }
  }
  t.ok(checked >= 10, `${checked} edited copies`);
});
