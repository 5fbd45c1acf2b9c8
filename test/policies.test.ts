/** Every policy file is valid, has a rule, and its own examples pass and fail as they say. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { BUILTIN_IDS, loadPolicies, loadPolicyFiles } from '../src/policy/load.js';
import { loadCustomPolicies } from '../src/policy/custom.js';
import { fileURLToPath } from 'node:url';
import { UNUSED_SUPPRESSION } from '../src/engine/run.js';
import { lintExample } from './helpers/lint-text.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/policy.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
const files = await loadPolicyFiles();

t.test('policy files match schemas/policy.schema.json and are named after their id', async (t) => {
  t.ok(files.length >= 10, `${files.length} policies`);
  for (const { file, policy } of files) {
    t.ok(validate(policy), `${file}: ${JSON.stringify(validate.errors)}`);
    t.equal(file.split('/').pop(), `${policy.id}.yaml`);
  }
});

t.test('the built-in policies are the policy files with their modules\' severity and category (the build joins them)', async (t) => {
  t.same(
    loadPolicies().map(({ severity: _s, category: _c, ...text }) => text),
    files.map((f) => f.policy),
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

for (const policy of [...loadPolicies(), ...custom.policies]) {
  t.test(`${policy.id} examples`, async (t) => {
    for (const example of policy.examples.fail) {
      const findings = (await lintExample(example, custom)).filter((f) => f.ruleId === policy.id);
      t.ok(findings.length > 0, `fails: ${example.description}`);
      if (example.line) t.equal(findings[0]?.location.line, example.line, `points at line ${example.line}: ${example.description}`);
      for (const f of findings) t.equal(f.severity, example.severity ?? policy.severity, 'severity');
    }
    for (const example of policy.examples.pass) {
      const findings = (await lintExample(example, custom)).filter((f) => f.ruleId === policy.id);
      t.same(findings.map((f) => f.message), [], `passes: ${example.description}`);
    }
  });
}
