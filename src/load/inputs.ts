/**
 * Command-line inputs to texts: files, `-` for standard input, and directories walked
 * recursively for *.yaml, *.yml and *.json (sorted, so output order is stable). Symlinked
 * directories are not followed (no loops); symlinked files are read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './input-error.js';

export const STDIN = '<stdin>';
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface SourceText {
  file: string;
  text: string;
}

function errnoReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'too many symbolic links' : (err as Error).message;
}

export function readInput(file: string): string {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file === '-' ? STDIN : file}: ${code === 'EISDIR' ? 'is a directory' : errnoReason(err)}`);
  }
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new InputError(`${dir}: ${errnoReason(err)}`);
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST_FILE.test(entry.name)) out.push(path);
  }
}

/** Expand directories; keep files and `-` as given. `keep` filters the files found in directories (ignore globs). */
export function expandInputs(paths: string[], keep: (path: string) => boolean = () => true): string[] {
  return paths.flatMap((path) => {
    if (path === '-') return [path];
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      return [path]; // reading it reports the problem
    }
    if (!isDir) return keep(path) ? [path] : [];
    const files: string[] = [];
    walk(path, files);
    return files.filter(keep);
  });
}

export function readInputs(paths: string[], keep?: (path: string) => boolean): SourceText[] {
  return expandInputs(paths, keep).map((path) => ({ file: path === '-' ? STDIN : path, text: readInput(path) }));
}
