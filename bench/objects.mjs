#!/usr/bin/env node
// Objects linted per second over every test/fixtures/helm-template/*/rendered.yaml (the vendored renderings, CRDs left out), on one core (this
// process). Two figures:
//   - lint: model + rules over already-parsed objects (what the webhook does per AdmissionReview,
//     and what a CI run does after reading its files);
//   - end to end: read YAML text (skipping kinds no rule reads, e.g. the CRDs that make up most of
//     a rendering's bytes) + model + rules, each rendering linted on its own as a CI job would.
// Usage: node bench/objects.mjs [seconds per figure]   (npm run build first)
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintTexts } from '../dist/src/engine/run.js';
import { lintModel } from '../dist/src/engine/lint.js';
import { loadPolicies } from '../dist/src/policy/load.js';
import { activePolicies } from '../dist/src/engine/active-policies.js';
import { parseYamlDocuments } from '../dist/src/load/yaml-documents.js';
import { modelFromDocuments } from '../dist/src/model/from-manifests/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'helm-template');
const seconds = Number(process.argv[2] ?? 5);
const inputs = readdirSync(fixtures)
  .map((name) => join(fixtures, name, 'rendered.yaml'))
  .filter((file) => existsSync(file))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const parsed = inputs.map((s) => parseYamlDocuments(s.file, s.text));
const objects = parsed.reduce((n, docs) => n + docs.length, 0);
const policies = activePolicies(loadPolicies(), {});
const noSources = { sources: new Map() };

async function rate(label, round) {
  await round(); // warm-up, uncounted
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    await round();
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const perSecond = Math.round((objects * rounds) / elapsed);
  console.log(`${label.padEnd(36)} ${String(perSecond).padStart(8)} objects/s  (${rounds} rounds in ${elapsed.toFixed(2)} s)`);
  return perSecond;
}

console.log(`renderings: ${inputs.length}, objects: ${objects}, bytes: ${inputs.reduce((n, s) => n + s.text.length, 0)}`);
await rate('end to end (read YAML + lint)', async () => {
  for (const input of inputs) await lintTexts([input], [], { sets: [] });
});
const lint = await rate('lint (model + rules, parsed objects)', () => {
  for (const docs of parsed) lintModel(modelFromDocuments(docs), policies, noSources);
});
console.log(`objects linted per second: ${lint}`);
