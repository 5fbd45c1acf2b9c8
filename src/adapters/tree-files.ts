/**
 * Files a wrapper names (Argo CD `valueFiles`, helmfile `values`, kustomize `valuesFile`, an
 * umbrella chart's values.yaml), read only inside the tree dd-lint was given: a pull request must
 * not make CI read what lies outside the repository. An absolute path, a `..` above the tree, a
 * symbolic link out of it, anything but a regular file, or the wrapper itself is refused with one
 * line and never read.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../load/input-error.js';
import { readInput, type SourceText } from '../load/inputs.js';

export interface TreeFiles {
  /** The tree's root: the directory dd-lint was given, or the working directory for files named one by one. */
  root: string;
  /** Reads `path` as written in `from` (relative to `from`'s folder). Throws InputError naming both. */
  read(from: string, path: string): SourceText;
}

const outside = (root: string, target: string) => {
  const rel = relative(root, target);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
};

export function treeFiles(root: string): TreeFiles {
  const absRoot = resolve(root);
  return {
    root: absRoot,
    read(from, path) {
      const refuse = (why: string) => new InputError(`${from}: ${path}: ${why}; not read`);
      if (isAbsolute(path)) throw refuse('an absolute path');
      const target = resolve(dirname(resolve(from)), path);
      if (outside(absRoot, target)) throw refuse(`outside ${root === '.' ? 'the working directory' : root}`);
      if (target === resolve(from)) throw refuse('the file that names it');
      let real: string;
      try {
        real = realpathSync(target);
      } catch {
        throw refuse('no such file');
      }
      if (outside(realpathSync(absRoot), real)) throw refuse('a symbolic link out of the tree');
      if (!statSync(real).isFile()) throw refuse('not a regular file');
      return { file: join(dirname(from), path), text: readInput(target) };
    },
  };
}
