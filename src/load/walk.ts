/**
 * A directory walk as a repository is kept: *.yaml, *.yml and *.json files, sorted (output order is
 * stable), skipping `node_modules`, `.git` and what the `.gitignore` files on the way ignore (read
 * with `ignore`, the library ESLint uses for the same rules). Symlinked directories are not followed
 * (no loops); symlinked files are read, other links (to a FIFO or a device) are not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import { InputError, type OnInputError } from './input-error.js';
import { errnoReason } from './errno.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const NEVER_WALKED = new Set(['node_modules', '.git']);

interface GitIgnore {
  dir: string;
  rules: Ignore;
}

// Loaded on the first .gitignore met: a run on named files pays nothing for it.
let makeIgnore: (() => Ignore) | undefined;
const ignoreRules = () => (makeIgnore ??= createRequire(import.meta.url)('ignore') as () => Ignore)();

function gitignoreOf(dir: string): GitIgnore | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { dir, rules: ignoreRules().add(text) };
}

function ignored(path: string, isDir: boolean, gitignores: GitIgnore[]): boolean {
  return gitignores.some(({ dir, rules }) => {
    const rel = relative(dir, path).split(sep).join('/');
    return rel !== '' && !rel.startsWith('..') && rules.ignores(isDir ? `${rel}/` : rel);
  });
}

export function walk(dir: string, out: string[], onError: OnInputError, gitignores: GitIgnore[] = []): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    onError(new InputError(`${dir}: ${errnoReason(err)}`));
    return;
  }
  const own = gitignoreOf(dir);
  const rules = own ? [...gitignores, own] : gitignores;
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NEVER_WALKED.has(entry.name) && !ignored(path, true, rules)) walk(path, out, onError, rules);
    } else if (!MANIFEST_FILE.test(entry.name) || ignored(path, false, rules)) continue;
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) {
      let target;
      try {
        target = statSync(path);
      } catch (err) {
        onError(new InputError(`${path}: ${errnoReason(err, path)}`));
        continue;
      }
      if (target.isFile()) out.push(path);
    }
  }
}
