/**
 * Glob patterns in an Argo CD Application's valueFiles, expanded as Argo CD expands them before it
 * calls Helm (its Helm guide, "Glob Patterns in Value Files"): doublestar patterns (`*`, `?`,
 * `[a-z]`, `**`), each match one more `--values` file in place of the pattern, matches never outside
 * the repository. A match that another entry names explicitly is left to that entry, and a file
 * matched twice keeps its first place (see argo-application.ts).
 */
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** doublestar's pattern characters. */
export const VALUE_FILE_GLOB = /[*?[]/;

/**
 * The files `pattern` (an absolute path with pattern characters) matches inside `root`, absolute,
 * in doublestar's order: a directory's own files alphabetically, then its subdirectories
 * alphabetically. Undefined when the pattern reaches above `root` (never listed).
 */
export function valueFileMatches(root: string, pattern: string): string[] | undefined {
  const inRoot = relative(root, pattern);
  if (inRoot === '..' || inRoot.startsWith(`..${sep}`) || isAbsolute(inRoot)) return undefined;
  // Loaded only for a pattern: most Applications name files one by one.
  const { globSync } = createRequire(import.meta.url)('tinyglobby') as typeof import('tinyglobby');
  // Never a Git repository's: its .git folder, and node_modules (left out of every tree dd-lint walks).
  const matches = globSync(inRoot.split(sep).join('/'), { cwd: root, dot: true, followSymbolicLinks: false, expandDirectories: false, onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'] });
  return matches.sort(doublestarOrder).map((match) => resolve(root, match));
}

/** A directory's files before its subdirectories, each alphabetically (byte order, as Go compares). */
function doublestarOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const fileX = i === x.length - 1;
    const fileY = i === y.length - 1;
    if (fileX !== fileY) return fileX ? -1 : 1;
    return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}
