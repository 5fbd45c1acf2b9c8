#!/usr/bin/env node
// Joins each built-in policy's two halves at build time: policies/<id>.yaml (the text a user reads)
// and src/rules/<id>.ts (its module: severity, category, scope, options, messages, check). Writes
// src/rules/registry.generated.ts (git-ignored): the modules imported by id, and the texts as one
// JSON.parse (no YAML parsing at start-up). A YAML without a module, a module without a YAML, or a
// YAML that sets what its module owns stops the build; a module whose `id` is not its file name is a
// type error in the generated file.
//
// A notice policy (a `notice:` section, see docs/chart-notices.md) whose condition is a JSON Schema
// has no module: its check is src/rules/facts/notices.ts dataNotice() over a validator compiled here
// into src/rules/notices.generated.ts (standalone ajv code, git-ignored), so no schema is compiled at
// start-up, one validator per chart-version condition (`notice.olderConditions`: an older chart that
// decided otherwise). Its banner must be one the chart data knows (src/chart/data/datadog.notices.json).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(import.meta.dirname, '..');
const rulesDir = join(root, 'src', 'rules');
const yamlIds = readdirSync(join(root, 'policies')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
const NOT_POLICIES = new Set(['define', 'types']);
const moduleIds = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
  .filter((id) => !NOT_POLICIES.has(id))
  .sort();

const parsed = new Map(yamlIds.map((id) => [id, parse(readFileSync(join(root, 'policies', `${id}.yaml`), 'utf8'))]));
/** Notice policies whose condition is data: the build writes their check. */
const dataNoticeIds = yamlIds.filter((id) => typeof parsed.get(id)?.notice?.condition === 'object');
const problems = [
  ...yamlIds.filter((id) => !moduleIds.includes(id) && !dataNoticeIds.includes(id)).map((id) => `policies/${id}.yaml has no module src/rules/${id}.ts`),
  ...dataNoticeIds.filter((id) => moduleIds.includes(id)).map((id) => `policies/${id}.yaml: its notice condition is data, so src/rules/${id}.ts must not exist (or make it \`condition: code\`)`),
  ...moduleIds.filter((id) => !yamlIds.includes(id)).map((id) => `src/rules/${id}.ts has no policy text policies/${id}.yaml`),
];
const OWNED_BY_MODULE = ['severity', 'category', 'target', 'match', 'at', 'message'];
const chartBanners = new Set(JSON.parse(readFileSync(join(root, 'src', 'chart', 'data', 'datadog.notices.json'), 'utf8')).banners.map((b) => b.banner));
const claimed = new Map();
const compareVersions = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const texts = {};
for (const id of yamlIds) {
  const text = parsed.get(id);
  if (text?.id !== id) problems.push(`policies/${id}.yaml: id is ${JSON.stringify(text?.id)}, not its file name`);
  for (const key of OWNED_BY_MODULE) if (text && key in text) problems.push(`policies/${id}.yaml: \`${key}\` belongs in src/rules/${id}.ts (or in a custom policy)`);
  const notice = text?.notice;
  if (notice) {
    if (!chartBanners.has(notice.banner)) problems.push(`policies/${id}.yaml: no chart version prints the banner ${JSON.stringify(notice.banner)} (src/chart/data/datadog.notices.json)`);
    if (claimed.has(notice.banner)) problems.push(`policies/${id}.yaml: the banner ${JSON.stringify(notice.banner)} is already policies/${claimed.get(notice.banner)}.yaml's`);
    claimed.set(notice.banner, id);
    if (dataNoticeIds.includes(id) && !notice.message) problems.push(`policies/${id}.yaml: a notice whose condition is data needs its \`message\``);
    if (!dataNoticeIds.includes(id) && notice.message) problems.push(`policies/${id}.yaml: \`notice.message\` of a \`condition: code\` notice belongs in src/rules/${id}.ts`);
    if (!dataNoticeIds.includes(id) && notice.olderConditions) problems.push(`policies/${id}.yaml: \`notice.olderConditions\` is for a notice whose condition is data (a code notice asks the chart version itself)`);
    const befores = (notice.olderConditions ?? []).map((o) => o.before.split('.').map(Number));
    if (befores.some((b, i) => i > 0 && compareVersions(befores[i - 1], b) >= 0)) problems.push(`policies/${id}.yaml: \`notice.olderConditions\` must be listed oldest first`);
    // A code notice gates on its banner itself: it must name the same one.
    if (!dataNoticeIds.includes(id) && moduleIds.includes(id) && !readFileSync(join(rulesDir, `${id}.ts`), 'utf8').includes(`'${notice.banner.replaceAll("'", "\\'")}'`))
      problems.push(`src/rules/${id}.ts does not name its banner '${notice.banner}' (policies/${id}.yaml notice.banner)`);
  }
  // The examples are for the tests and the docs, which read the YAML: a run never needs them.
  const { examples: _examples, ...shown } = text ?? {};
  texts[id] = shown;
}
if (problems.length > 0) {
  for (const p of problems) console.error(`gen-policies: ${p}`);
  process.exit(1);
}

const name = (id) => id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
/** Each data notice's conditions, the older charts' first: [schema key, exported validator name, before]. */
const conditionsOf = (id) => [
  ...(parsed.get(id).notice.olderConditions ?? []).map((o) => [`${id}@${o.before}`, `${name(id)}Before${o.before.replaceAll('.', '_')}`, o.before, o.condition, o.at]),
  [id, name(id), undefined, parsed.get(id).notice.condition, undefined],
];

/** Go templates' truth: nil, false, 0, "" and empty lists and maps are false (a missing key is nil). */
const GO_TRUTH = { falsy: { enum: [null, false, 0, '', [], {}] }, truthy: { not: { enum: [null, false, 0, '', [], {}] } } };
const ajv = new Ajv({ code: { source: true, esm: true }, strict: false });
for (const id of dataNoticeIds) {
  for (const [key, , before, condition] of conditionsOf(id)) {
    try {
      ajv.addSchema({ ...condition, definitions: { ...GO_TRUTH, ...condition.definitions } }, key);
      ajv.getSchema(key);
    } catch (err) {
      const which = before ? `notice.olderConditions (before ${before})` : 'notice.condition';
      console.error(`gen-policies: policies/${id}.yaml: ${which} is not a valid JSON Schema: ${err.message.split('\n')[0]}`);
      process.exit(1);
    }
  }
}
const validators = dataNoticeIds.flatMap((id) => conditionsOf(id).map(([key, exported]) => [exported, key]));
let code = dataNoticeIds.length ? standaloneCode.default(ajv, Object.fromEntries(validators)) : 'export {};';
// ajv's ESM output still require()s its runtime helpers (equal): make them imports, as gen-validators does.
const imports = [];
code = code.replace(/require\("([^"]+)"\)/g, (_, mod) => {
  imports.push(`import runtime${imports.length} from ${JSON.stringify(mod.endsWith('.js') ? mod : mod + '.js')};`);
  return `runtime${imports.length - 1}`;
});
writeFileSync(
  join(rulesDir, 'notices.generated.ts'),
  `// Generated from the notice conditions of policies/*.yaml by scripts/gen-policies.mjs at build time. Do not edit.\n// @ts-nocheck\n${imports.join('\n')}\n${code}\n`,
);
const noticeSpec = (id) => {
  const { condition: _c, olderConditions: _o, ...spec } = parsed.get(id).notice;
  return JSON.stringify(spec);
};
/** A data notice's conditions as dataNotice() takes them: the older charts' first, each with the version it stops at. */
const conditionList = (id) =>
  `[${conditionsOf(id)
    .map(([, exported, before, , at]) => `{ ${before ? `before: '${before}', ` : ''}${at ? `at: ${JSON.stringify(at)}, ` : ''}test: (values: unknown) => conditions.${exported}(values) === true }`)
    .join(', ')}]`;
const registered = [...moduleIds, ...dataNoticeIds].sort();
writeFileSync(
  join(rulesDir, 'registry.generated.ts'),
  [
    '// Generated from policies/*.yaml and src/rules/*.ts by scripts/gen-policies.mjs at build time. Do not edit.',
    "import type { PolicyFile } from '../generated/policy.js';",
    ...moduleIds.map((id) => `import ${name(id)} from './${id}.js';`),
    ...(dataNoticeIds.length ? ["import { dataNotice, type DataNotice } from './facts/notices.js';", "import * as conditions from './notices.generated.js';"] : []),
    '',
    'export const POLICY_MODULES = {',
    ...registered.map((id) => (moduleIds.includes(id) ? `  '${id}': ${name(id)},` : `  '${id}': dataNotice('${id}', ${noticeSpec(id)} as DataNotice, ${conditionList(id)}),`)),
    '} as const;',
    '',
    'export type BuiltinPolicyId = keyof typeof POLICY_MODULES;',
    '/** A type error here: a module whose `id` is not its file name. */',
    'export type IdsAreFileNames = CheckIds<typeof POLICY_MODULES>;',
    'type CheckIds<T extends { [K in keyof T]: { id: K } }> = T;',
    '',
    `export const POLICY_TEXTS: Record<BuiltinPolicyId, Omit<PolicyFile, 'examples'>> = JSON.parse(${JSON.stringify(JSON.stringify(texts))});`,
    '',
  ].join('\n'),
);
