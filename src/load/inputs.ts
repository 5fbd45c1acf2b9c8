/**
 * Command-line inputs to texts: files, `-` for standard input, and directories walked
 * recursively for *.yaml, *.yml and *.json (sorted, so output order is stable). Symlinked
 * directories are not followed (no loops); symlinked files are read.
 *
 * Reading is bounded (MAX_INPUT_BYTES, also for standard input and devices that never end) and
 * decoded strictly: UTF-8 (a BOM is allowed), or UTF-16 with a BOM (what Windows PowerShell's `>`
 * writes); any other bytes are an error naming the line, never replaced silently.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { InputError, inputErrorAt } from './input-error.js';
import { formatSize, MAX_INPUT_BYTES, tooLarge } from './limits.js';

export const STDIN = '<stdin>';
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface SourceText {
  file: string;
  text: string;
  /** The tree it was found in (the directory argument), inside which files it names may be read. */
  root?: string;
}

/** Receives an input that cannot be read; that input is skipped. Without one, the error is thrown. */
export type OnInputError = (error: InputError) => void;

const throwIt: OnInputError = (error) => {
  throw error;
};

function errnoReason(err: unknown, path?: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return path !== undefined && isSymlink(path) ? 'broken symbolic link (its target does not exist)' : 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links (a symbolic link loop?)';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory (a file in the middle of the path)';
    case 'ENAMETOOLONG':
      return 'file name too long';
    default:
      return (err as Error).message.split('\n')[0]!;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

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
  const chunkSize = stat.isFile() && stat.size > 0 ? stat.size + 1 : 1024 * 1024;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, MAX_INPUT_BYTES + 1 - total));
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
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
    chunks.push(buffer.subarray(0, n));
    total += n;
    if (total > MAX_INPUT_BYTES) throw tooLarge(name, `more than ${formatSize(MAX_INPUT_BYTES)}`);
  }
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

function walk(dir: string, out: string[], onError: OnInputError): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    onError(new InputError(`${dir}: ${errnoReason(err)}`));
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out, onError);
    else if (!MANIFEST_FILE.test(entry.name)) continue;
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) {
      // A link to a file is read; to a directory, not followed; to a FIFO or a device, not read.
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

/**
 * Expand directories; keep files and `-` as given. `keep` filters the files found in directories
 * (ignore globs). A directory that cannot be listed goes to `onError` (default: thrown).
 */
export function expandInputs(paths: string[], keep: (path: string) => boolean = () => true, onError: OnInputError = throwIt): string[] {
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
    walk(path, files, onError);
    return files.filter(keep);
  });
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
    return readFiles(expandInputs([path], keep, onError), onError).map((s) => ({ ...s, root }));
  });
}

function isDirectory(path: string): boolean {
  try {
    return path !== '-' && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
