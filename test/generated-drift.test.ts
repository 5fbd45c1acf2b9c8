/** Checked-in generated files must be exactly what their sources generate. */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';

t.test('src/generated/*.ts match schemas/*.schema.json (npm run gen:types)', async (t) => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'gen-types.mjs'), '--check'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(readdirSync(join(REPO_ROOT, 'src', 'generated')).length, readdirSync(join(REPO_ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).length);
});
