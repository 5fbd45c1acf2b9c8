/**
 * Keeps V8's compiled code of dd-lint's own CommonJS files (the bundled command, the chart's values
 * schema validators) between runs, on a Node without a compile cache of its own
 * (`module.enableCompileCache` arrived in Node 22.1; Node 20 has none for files). Half of a cold
 * start is compiling: the first run saves each file's code once the command has run, so the cache
 * holds every function that run compiled (a cache taken right after compiling holds the top level
 * only, and measured no faster than none); later runs skip that work.
 *
 * One cache file per source file, named after its path, size, inode and change time (a file cannot
 * be rewritten without a new change time) and the Node version and CPU, in `$NODE_COMPILE_CACHE` if
 * set (the variable Node's own cache reads), else in a folder of the system's temporary directory
 * that only this user can use; `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's. V8
 * refuses a cache made for other code or flags (the run then compiles and saves a new one), a cache
 * file is written whole or not at all (concurrent runs, e.g. pre-commit), a new one replaces those of
 * older builds, and no failure of the cache ever stops the command.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { Script } from 'node:vm';

/** Node's CommonJS module, as far as compiling a file goes. */
interface CommonJsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
interface CommonJs {
  prototype: CommonJsModule;
  wrap(code: string): string;
  _resolveFilename(request: string, parent: CommonJsModule, isMain: boolean, options?: unknown): string;
}

/** Compiles the CommonJS files under `packageDir` through the cache, for the rest of the process. */
export function keepCompiledCode(packageDir: string): void {
  const dir = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheDir();
  if (!dir) return;
  const cjs = nodeModule as unknown as CommonJs;
  const compile = cjs.prototype._compile;
  const unsaved: { file: CacheFile; script: Script }[] = [];
  process.once('exit', () => unsaved.forEach(save));
  cjs.prototype._compile = function (this: CommonJsModule, content: string, filename: string): unknown {
    if (!filename.startsWith(packageDir + sep)) return compile.call(this, content, filename);
    const file = cacheFile(dir, packageDir, filename);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file.path);
    } catch {
      // not there yet
    }
    // A `#!` line is valid only at the very start of a script, not inside the wrapper.
    const script = new Script(cjs.wrap(content.replace(/^#!.*/, '')), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) unsaved.push({ file, script });
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: unknown) => cjs._resolveFilename(request, this, false, options),
    });
    const run = script.runInThisContext() as (exports: unknown, require: unknown, module: CommonJsModule, filename: string, dirname: string) => unknown;
    return run.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
}

function cacheDir(): string | undefined {
  try {
    const own = process.env.NODE_COMPILE_CACHE;
    const dir = own || join(tmpdir(), `dd-lint-compile-cache-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // In a shared temporary directory, use only a folder this user owns: compiled code is run as is.
    if (!own && process.getuid && statSync(dir).uid !== process.getuid()) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** The cache file of one source file as it is now; `prefix` is shared by the caches of all its builds. */
interface CacheFile {
  path: string;
  prefix: string;
}

function cacheFile(dir: string, packageDir: string, filename: string): CacheFile {
  const stat = statSync(filename);
  const prefix = relative(packageDir, filename).replace(/[\\/]/g, '_') + '~';
  return { path: join(dir, `${prefix}${stat.size}-${stat.ino}-${stat.ctimeMs}-${process.version}-${process.arch}.bin`), prefix };
}

function save({ file: { path, prefix }, script }: { file: CacheFile; script: Script }): void {
  try {
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, path);
    const dir = dirname(path);
    for (const old of readdirSync(dir)) if (old.startsWith(prefix) && join(dir, old) !== path && !old.endsWith('.tmp')) rmSync(join(dir, old), { force: true });
  } catch {
    // a read-only or full disk: the next run compiles again
  }
}
