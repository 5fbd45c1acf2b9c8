#!/usr/bin/env node
// Compiles policies/*.yaml into src/policy/builtin.generated.ts (git-ignored, made by every build):
// dd-lint then loads its policies with one JSON.parse instead of parsing YAML at every start.
// The YAML files stay the source of truth; test/policies.test.ts validates them against the schema.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const dir = join(root, 'policies');
const policies = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => parse(readFileSync(join(dir, f), 'utf8')));
writeFileSync(
  join(root, 'src', 'policy', 'builtin.generated.ts'),
  [
    '// Generated from policies/*.yaml by scripts/gen-policies.mjs at build time. Do not edit.',
    "import type { Policy } from '../generated/policy.js';",
    `export const policies: Policy[] = JSON.parse(${JSON.stringify(JSON.stringify(policies))});`,
    '',
  ].join('\n'),
);
