#!/usr/bin/env node
/**
 * The `dd-lint` command as installed: scripts/bundle-cli.mjs bundles this file with esbuild into
 * dist/bundle/dd-lint.mjs. Node's compile cache (Node 22.1 and later) is switched on before the
 * command's code is loaded, so that a second run reuses the compiled code; an older Node goes on without it.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./cli.js');
