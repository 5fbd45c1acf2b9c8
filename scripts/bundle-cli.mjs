#!/usr/bin/env node
// Bundles the `dd-lint` command (src/bin.ts and what it imports, dependencies included) into
// dist/bundle/dd-lint.mjs, and `helm dd-lint` (src/helm-plugin.ts) into dist/bundle/helm-plugin.mjs,
// so that a cold start reads a few files instead of hundreds. What the command imports on demand (each report format, custom policies with ajv, chart archives with
// tar) becomes a chunk beside it, read only when used: one file for everything instead measured
// slower, as its Node built-ins (zlib, streams) are then all loaded at start. The chunks stay
// directly in dist/bundle/: src/package-root.ts counts on being two folders below the package root.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
// esbuild is a dev dependency; the light install of the hooks (scripts/light-install.mjs) puts it apart, in .cache/esbuild/.
const { build } = await import('esbuild').catch(() => import(pathToFileURL(join(root, '.cache', 'esbuild', 'node_modules', 'esbuild', 'lib', 'main.js')).href));
const outdir = join(root, 'dist', 'bundle');

/**
 * fdir (tinyglobby's crawler) tries require('picomatch') when it loads, for a glob API that
 * tinyglobby does not use (it passes its own matchers): in the bundle that would read picomatch a
 * second time, from node_modules, at every start. fdir is given a require that finds nothing.
 */
const fdirWithoutOptionalPicomatch = {
  name: 'fdir-without-optional-picomatch',
  setup(build) {
    build.onResolve({ filter: /^module$/ }, (args) => (/[\\/]fdir[\\/]/.test(args.importer) ? { path: 'fdir-module', namespace: 'dd-lint' } : undefined));
    build.onLoad({ filter: /^fdir-module$/, namespace: 'dd-lint' }, () => ({
      contents: 'export function createRequire() { const none = () => { throw new Error("not bundled"); }; none.resolve = none; return none; }',
      loader: 'js',
    }));
  },
};

/**
 * yaml's ES module build (the one it gives browsers: the same code, warnings by console.warn, which
 * dd-lint never asks for) instead of its CommonJS one: bundled as ES modules, its 70-odd files
 * need no module wrappers run one by one at start-up.
 */
const yamlAsEsModules = {
  name: 'yaml-as-es-modules',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: join(root, 'node_modules', 'yaml', 'browser', 'index.js') }));
  },
};

rmSync(outdir, { recursive: true, force: true });
// One build per command: built together, their chunks would be cut by which command uses what, and
// the CLI's cold start would read a third more files.
for (const [name, source] of [['dd-lint', 'bin.ts'], ['helm-plugin', 'helm-plugin.ts']]) await build({
  entryPoints: { [name]: join(root, 'src', source) },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  plugins: [fdirWithoutOptionalPicomatch, yamlAsEsModules],
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __ddLintRequire } from 'node:module'; const require = __ddLintRequire(import.meta.url);" },
  logLevel: 'warning',
});
