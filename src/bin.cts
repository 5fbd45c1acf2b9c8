#!/usr/bin/env node
/**
 * The `dd-lint` command as installed (dist/bundle/dd-lint.cjs, built by scripts/bundle-cli.mjs):
 * runs the whole command, bundled into dist/bundle/cli.cjs, with its compiled code reused from the
 * previous run: by Node's compile cache where Node has one, else by compiled-code-cache.cts.
 */
import nodeModule from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keepCompiledCode } from './compiled-code-cache.cjs';

const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
// Node's cache honours NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE, and so does dd-lint's.
const cli = join(__dirname, 'cli.cjs');
if (enableCompileCache) {
  enableCompileCache();
  require(cli);
} else {
  keepCompiledCode(join(__dirname, '..', '..'));
  requireAscii(cli);
}

/**
 * require() of a file esbuild wrote (ASCII only: it escapes the rest), read as latin1: the same
 * text without the UTF-8 decoding Node's loader does, a few ms of a 0.9 MB bundle.
 */
function requireAscii(file: string): void {
  const cjs = nodeModule as unknown as { new (id: string): NodeModule & { paths: string[]; _compile(content: string, file: string): void }; _nodeModulePaths(dir: string): string[] };
  const module = new cjs(file);
  module.filename = file;
  module.paths = cjs._nodeModulePaths(dirname(file));
  module._compile(readFileSync(file, 'latin1'), file);
}
