#!/usr/bin/env node
// Generates src/generated/<name>.ts from schemas/<name>.schema.json with json-schema-to-typescript.
// `--check` exits 1 when a checked-in file differs from what the schema generates (drift).
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileFromFile } from 'json-schema-to-typescript';

const root = join(import.meta.dirname, '..');
const check = process.argv.includes('--check');
let drift = 0;
for (const name of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort()) {
  const out = join(root, 'src', 'generated', name.replace('.schema.json', '.ts'));
  const ts = await compileFromFile(join(root, 'schemas', name), {
    cwd: join(root, 'schemas'),
    bannerComment: `/* Generated from schemas/${name} by \`npm run gen:types\`. Do not edit. */`,
    style: { singleQuote: true, printWidth: 120 },
  });
  if (check) {
    if (!existsSync(out) || readFileSync(out, 'utf8') !== ts) {
      console.error(`drift: ${out} is not what schemas/${name} generates; run npm run gen:types`);
      drift++;
    }
  } else {
    writeFileSync(out, ts);
    console.log(`wrote ${out}`);
  }
}
process.exit(drift ? 1 : 0);
