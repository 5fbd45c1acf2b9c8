#!/usr/bin/env node
/**
 * The `dd-lint` command as installed (dist/bundle/dd-lint.cjs, built by scripts/bundle-cli.mjs):
 * runs the whole command, bundled into dist/bundle/cli.cjs, with its compiled code reused from the
 * previous run: by Node's compile cache where Node has one, else by compiled-code-cache.cts.
 */
import nodeModule from 'node:module';
import { join } from 'node:path';
import { keepCompiledCode } from './compiled-code-cache.cjs';

const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
// Node's cache honours NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE, and so does dd-lint's.
if (enableCompileCache) enableCompileCache();
else keepCompiledCode(join(__dirname, '..', '..'));
require(join(__dirname, 'cli.cjs'));
