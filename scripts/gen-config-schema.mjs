#!/usr/bin/env node
// Writes the `policies` section of schemas/config.schema.json from the built policy modules: one
// property per built-in policy whose `options` is that module's options schema (or none at all), so
// the config loader refuses an option a policy does not take, or of the wrong type, with its line.
// Custom policies (unknown at build time) take a severity or off, and no options.
// Reads dist/ (run `npm run build` first; `npm run gen:schemas` does all of it).
// `--check` exits 1 when the checked-in schema differs from what the modules generate (drift).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_MODULES } from '../dist/src/rules/registry.generated.js';

const file = join(import.meta.dirname, '..', 'schemas', 'config.schema.json');
const current = readFileSync(file, 'utf8');
const schema = JSON.parse(current);

const settingOf = (options) => ({
  oneOf: [
    { type: 'string', enum: ['off', 'error', 'warning', 'info'] },
    {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: { type: 'boolean' }, severity: { $ref: '#/definitions/severity' }, options },
    },
  ],
});

schema.properties.policies = {
  type: 'object',
  description: 'Per-policy settings by policy id: `off`, a severity, or an object (enabled, severity, and the options the policy takes).',
  properties: Object.fromEntries(Object.entries(POLICY_MODULES).map(([id, m]) => [id, m.options ? settingOf(m.options.schema) : { $ref: '#/definitions/policySetting' }])),
  additionalProperties: { $ref: '#/definitions/policySetting' },
};
delete schema.definitions.policyOptions;
schema.definitions.policySetting = settingOf({ type: 'object', additionalProperties: false, maxProperties: 0, description: 'This policy takes no options.' });

const next = JSON.stringify(schema, null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('drift: schemas/config.schema.json is not what the policy modules generate; run npm run gen:schemas');
    process.exit(1);
  }
} else writeFileSync(file, next);
