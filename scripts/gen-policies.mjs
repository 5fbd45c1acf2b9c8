#!/usr/bin/env node
// Joins each built-in policy's two halves at build time: policies/<id>.yaml (the text a user reads)
// and src/rules/<id>.ts (its module: severity, category, scope, options, messages, check). Writes
// src/rules/registry.generated.ts (git-ignored): the modules imported by id, and the texts as one
// JSON.parse (no YAML parsing at start-up). A YAML without a module, a module without a YAML, or a
// YAML that sets what its module owns stops the build; a module whose `id` is not its file name is a
// type error in the generated file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const rulesDir = join(root, 'src', 'rules');
const yamlIds = readdirSync(join(root, 'policies')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
const NOT_POLICIES = new Set(['define', 'types']);
const moduleIds = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
  .filter((id) => !NOT_POLICIES.has(id))
  .sort();

const problems = [
  ...yamlIds.filter((id) => !moduleIds.includes(id)).map((id) => `policies/${id}.yaml has no module src/rules/${id}.ts`),
  ...moduleIds.filter((id) => !yamlIds.includes(id)).map((id) => `src/rules/${id}.ts has no policy text policies/${id}.yaml`),
];
const OWNED_BY_MODULE = ['severity', 'category', 'target', 'match', 'at', 'message'];
const texts = {};
for (const id of yamlIds) {
  const text = parse(readFileSync(join(root, 'policies', `${id}.yaml`), 'utf8'));
  if (text?.id !== id) problems.push(`policies/${id}.yaml: id is ${JSON.stringify(text?.id)}, not its file name`);
  for (const key of OWNED_BY_MODULE) if (text && key in text) problems.push(`policies/${id}.yaml: \`${key}\` belongs in src/rules/${id}.ts (or in a custom policy)`);
  // The examples are for the tests and the docs, which read the YAML: a run never needs them.
  const { examples: _examples, ...shown } = text ?? {};
  texts[id] = shown;
}
if (problems.length > 0) {
  for (const p of problems) console.error(`gen-policies: ${p}`);
  process.exit(1);
}

const name = (id) => id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
writeFileSync(
  join(rulesDir, 'registry.generated.ts'),
  [
    '// Generated from policies/*.yaml and src/rules/*.ts by scripts/gen-policies.mjs at build time. Do not edit.',
    "import type { PolicyFile } from '../generated/policy.js';",
    ...moduleIds.map((id) => `import ${name(id)} from './${id}.js';`),
    '',
    'export const POLICY_MODULES = {',
    ...moduleIds.map((id) => `  '${id}': ${name(id)},`),
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
