#!/usr/bin/env node
// Copies the test fixtures the suite needs from the workbench beside the repository
// (../shared, or the directory given as the first argument) into test/fixtures/, trimmed:
//   ../shared/fixtures/<case>/  ->  test/fixtures/helm-template/<case>/
//     values.yaml, values.computed.yaml, cmd.txt, app.yaml (when present): as they are;
//     rendered.yaml: without its CustomResourceDefinition documents (no rule reads a CRD, and they
//     are nine tenths of every rendering); rendered.helm4.yaml is left out (no test reads it).
//   ../shared/schemas/sarif-schema-2.1.0.json  ->  test/fixtures/schemas/ (the OASIS SARIF schema).
// This is the only part of the repository that reads ../shared; tests read test/fixtures/ only.
//   npm run vendor:fixtures [-- <shared dir>]
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const shared = process.argv[2] ?? join(root, '..', 'shared');
const from = join(shared, 'fixtures');
const to = join(root, 'test', 'fixtures', 'helm-template');
if (!existsSync(from)) {
  console.error(`vendor-fixtures: ${from} not found (pass the workbench directory as the first argument)`);
  process.exit(2);
}

/** The rendering minus its CRD documents; every other byte (separators, `# Source:` lines) kept. */
function withoutCrds(text) {
  return text
    .split(/^(?=---$)/m)
    .filter((doc) => !/^kind: CustomResourceDefinition$/m.test(doc))
    .join('');
}

const AS_IS = ['values.yaml', 'values.computed.yaml', 'cmd.txt', 'app.yaml'];
const cases = readdirSync(from, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(from, d.name, 'cmd.txt')));
// Start from an empty folder so a case removed from the workbench goes here too (README.md stays).
for (const d of existsSync(to) ? readdirSync(to, { withFileTypes: true }) : []) if (d.isDirectory()) rmSync(join(to, d.name), { recursive: true });
let bytes = 0;
for (const { name } of cases) {
  mkdirSync(join(to, name), { recursive: true });
  for (const file of AS_IS) {
    if (!existsSync(join(from, name, file))) continue;
    cpSync(join(from, name, file), join(to, name, file));
    bytes += readFileSync(join(to, name, file)).length;
  }
  const rendered = withoutCrds(readFileSync(join(from, name, 'rendered.yaml'), 'utf8'));
  writeFileSync(join(to, name, 'rendered.yaml'), rendered);
  bytes += Buffer.byteLength(rendered);
}
const schemas = join(root, 'test', 'fixtures', 'schemas');
mkdirSync(schemas, { recursive: true });
cpSync(join(shared, 'schemas', 'sarif-schema-2.1.0.json'), join(schemas, 'sarif-schema-2.1.0.json'));
console.log(`vendored ${cases.length} cases into ${to} (${(bytes / 1e6).toFixed(2)} MB) and the SARIF schema into ${schemas}`);
