#!/usr/bin/env node
// Compiles the JSON Schemas dd-lint validates at run time (the config file, custom policy files)
// into standalone ajv validators, src/generated-validators/*.ts (git-ignored, made by every build):
// compiling a schema with ajv at start-up costs tens of milliseconds, the generated code nothing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'src', 'generated-validators');
mkdirSync(outDir, { recursive: true });
for (const name of ['config', 'policy']) {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', `${name}.schema.json`), 'utf8'));
  const ajv = new Ajv({ allErrors: true, code: { source: true, esm: true } });
  let code = standaloneCode.default(ajv, ajv.compile(schema));
  // ajv's ESM output still require()s its runtime helpers (ucs2length): make them imports.
  const imports = [];
  code = code.replace(/require\("([^"]+)"\)/g, (_, mod) => {
    const name = `runtime${imports.length}`;
    imports.push(`import ${name} from ${JSON.stringify(mod.endsWith('.js') ? mod : mod + '.js')};`);
    return name;
  });
  code = code.replace('"use strict";', `"use strict";${imports.join('')}`);
  writeFileSync(
    join(outDir, `${name}.ts`),
    `// Generated from schemas/${name}.schema.json by scripts/gen-validators.mjs at build time. Do not edit.\n// @ts-nocheck\n${code}\n`,
  );
}
