/**
 * Command-line inputs to texts: files, `-` for standard input, and directories walked
 * recursively for *.yaml, *.yml and *.json (sorted, so output order is stable). Symlinked
 * directories are not followed (no loops); symlinked files are read.
 *
 * Reading is bounded (MAX_INPUT_BYTES, also for standard input and devices that never end) and
 * decoded strictly: UTF-8 (a BOM is allowed), or UTF-16 with a BOM (what Windows PowerShell's `>`
 * writes); any other bytes are an error naming the line, never replaced silently.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { InputError, inputErrorAt, type OnInputError } from './input-error.js';
import { errnoReason } from './errno.js';
import { walk } from './walk.js';
import { createRequire } from 'node:module';
import { formatSize, MAX_INPUT_BYTES, tooLarge } from './limits.js';

export const STDIN = '<stdin>';

export interface SourceText {
  file: string;
  text: string;
  /** The tree it was found in (the directory argument), inside which files it names may be read. */
  root?: string;
  /** Found by walking a directory or matching a glob, not named: skipped (and listed) when it is none of Datadog's. */
  found?: boolean;
}


const throwIt: OnInputError = (error) => {
  throw error;
};

/** Waits `ms` without spinning (standard input in non-blocking mode answers EAGAIN until data comes). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** All the bytes of `fd`, or an error as soon as they are more than MAX_INPUT_BYTES. */
function readBounded(fd: number, name: string): Buffer {
  const stat = fstatSync(fd);
  if (stat.isDirectory()) throw new InputError(`${name}: is a directory`);
  if (stat.isFile() && stat.size > MAX_INPUT_BYTES) throw tooLarge(name, formatSize(stat.size));
  const chunks: Buffer[] = [];
  let total = 0;
  // A regular file is read into one buffer of its size (plus one byte, to see it end): no copy.
  const chunkSize = stat.isFile() && stat.size > 0 ? stat.size + 1 : 1024 * 1024;
  let buffer = Buffer.allocUnsafe(Math.min(chunkSize, MAX_INPUT_BYTES + 1));
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      chunks.push(buffer);
      buffer = Buffer.allocUnsafe(Math.min(chunkSize, MAX_INPUT_BYTES + 1 - total));
      filled = 0;
    }
    let n: number;
    try {
      n = readSync(fd, buffer, filled, buffer.length - filled, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        pause(5);
        continue;
      }
      if (code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    filled += n;
    total += n;
    if (total > MAX_INPUT_BYTES) throw tooLarge(name, `more than ${formatSize(MAX_INPUT_BYTES)}`);
  }
  if (chunks.length === 0) return buffer.subarray(0, filled);
  chunks.push(buffer.subarray(0, filled));
  return Buffer.concat(chunks, total);
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (more === 0 || i + more >= bytes.length) return i;
    for (let k = 1; k <= more; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    const c1 = bytes[i + 1]!;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += more + 1;
  }
  return i;
}

/**
 * The text of an input's bytes: UTF-8 (with or without a BOM, which stays as U+FEFF and YAML
 * ignores), or UTF-16 LE/BE when it starts with their BOM. Anything else is an error at its line.
 */
export function decodeText(name: string, bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf16 = buffer[0] === 0xff && buffer[1] === 0xfe ? 'le' : buffer[0] === 0xfe && buffer[1] === 0xff ? 'be' : undefined;
  if (utf16) {
    if (buffer.length % 2 !== 0) throw new InputError(`${name}: not UTF-16 text: it starts with a UTF-16 byte order mark but has an odd number of bytes`);
    // Lone surrogates become U+D800-DFFF code units, refused with their line by the YAML readers.
    return (utf16 === 'be' ? Buffer.from(buffer).swap16() : buffer).toString('utf16le');
  }
  if (isUtf8(buffer)) return buffer.toString('utf8');
  const offset = firstInvalidUtf8(buffer);
  const lineStart = buffer.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = buffer.indexOf(0x0a); i !== -1 && i < offset; i = buffer.indexOf(0x0a, i + 1)) line++;
  const column = buffer.subarray(lineStart, offset).toString('utf8').length + 1;
  const hex = buffer[offset]!.toString(16).padStart(2, '0');
  throw inputErrorAt(name, line, column, `not UTF-8 text: invalid byte 0x${hex} (a binary file, or another encoding? save it as UTF-8)`);
}

export function readInput(file: string): string {
  const name = file === '-' ? STDIN : file;
  let bytes: Buffer;
  try {
    if (file === '-') bytes = readBounded(0, name);
    else {
      const fd = openSync(file, 'r');
      try {
        bytes = readBounded(fd, name);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${name}: ${errnoReason(err, file === '-' ? undefined : file)}`);
  }
  return decodeText(name, bytes);
}

/** A path with glob characters, quoted so that the shell left it for dd-lint to expand. */
const GLOB = /[*?[\]{}]/;

/**
 * Expand directories (walked) and quoted globs (matched with `tinyglobby`, sorted; the files they
 * match are walked files too); keep files and `-` as given. `keep` filters what was found (ignore
 * globs). A directory that cannot be listed goes to `onError` (default: thrown).
 */
export function expandInputs(paths: string[], keep: (path: string) => boolean = () => true, onError: OnInputError = throwIt): { path: string; found: boolean }[] {
  return paths.flatMap((path) => {
    if (path === '-') return [{ path, found: false }];
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      if (GLOB.test(path)) return globbed(path, keep, onError);
      return [{ path, found: false }]; // reading it reports the problem
    }
    if (!isDir) return keep(path) ? [{ path, found: false }] : [];
    const files: string[] = [];
    walk(path, files, onError);
    return files.filter(keep).map((file) => ({ path: file, found: true }));
  });
}

function globbed(pattern: string, keep: (path: string) => boolean, onError: OnInputError): { path: string; found: boolean }[] {
  // Loaded only for a pattern: a run on named files pays nothing for it.
  const { globSync } = createRequire(import.meta.url)('tinyglobby') as typeof import('tinyglobby');
  const matches = globSync(pattern, { dot: false, ignore: ['**/node_modules/**', '**/.git/**'], expandDirectories: false }).sort();
  if (matches.length === 0) onError(new InputError(`${pattern}: no file matches this pattern`));
  return matches.filter(keep).map((path) => ({ path, found: true }));
}

/** Read each path as it is (no directory walk: `-f dir` is an error, as in Helm). */
export function readFiles(paths: string[], onError: OnInputError = throwIt): SourceText[] {
  const out: SourceText[] = [];
  for (const path of paths) {
    try {
      out.push({ file: path === '-' ? STDIN : path, text: readInput(path) });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      onError(err);
    }
  }
  return out;
}

/**
 * Files, `-` and directories (walked). An input that cannot be read goes to `onError` (default:
 * thrown). A file found in a directory argument has that directory as its `root`; a file named
 * itself, the working directory.
 */
export function readInputs(paths: string[], keep?: (path: string) => boolean, onError: OnInputError = throwIt): SourceText[] {
  return paths.flatMap((path) => {
    const root = isDirectory(path) ? path : '.';
    const expanded = expandInputs([path], keep, onError);
    const found = new Set(expanded.filter((e) => e.found).map((e) => e.path));
    return readFiles(expanded.map((e) => e.path), onError).map((s) => ({ ...s, root, ...(found.has(s.file) ? { found: true } : {}) }));
  });
}

function isDirectory(path: string): boolean {
  try {
    return path !== '-' && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
