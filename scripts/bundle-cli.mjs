#!/usr/bin/env node
// Bundles the `dd-lint` command with esbuild, so that a cold start reads three files instead of
// hundreds: dist/bundle/cli.cjs is the whole command (src/cli.ts and what it imports, dependencies
// included), dist/bundle/dd-lint.cjs the small launcher the package's `bin` names (src/bin.cts), which
// runs cli.cjs with V8's compiled code kept between runs (src/compiled-code-cache.cts). `helm dd-lint`
// (src/helm-plugin.ts) is bundled apart into dist/bundle/helm-plugin.cjs.
//
// CommonJS, not ES modules: a CommonJS script can be compiled from a code cache on every supported
// Node, and what the command imports on demand (each report format, custom policies with ajv, chart
// archives with tar) stays unevaluated, Node built-ins included, until used. The bundles stay
// directly in dist/bundle/: src/package-root.ts counts on being two folders below the package root.
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
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

/**
 * Large dependencies that only some runs use (xmlbuilder2 for junit, tar for a chart archive) are
 * bundled into files of their own beside the command and required from there when used: a run that
 * does not use them neither reads nor compiles them.
 */
const APART = { xmlbuilder2: 'xmlbuilder2.cjs', tar: 'tar.cjs' };
const dependenciesApart = {
  name: 'dependencies-apart',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${Object.keys(APART).join('|')})$`) }, (args) => ({ path: `./${APART[args.path]}`, external: true }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  // import() of a file bundled apart becomes a require(): code compiled from a cache by
  // compiled-code-cache.cts cannot import(), and a CommonJS file is required anyway.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  // The sources are ES modules: each bundle is one file, whose URL stands for theirs.
  define: { 'import.meta.url': '__ddLintFileUrl' },
  banner: { js: "const __ddLintFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

rmSync(outdir, { recursive: true, force: true });
// Five independent builds, side by side (esbuild spreads them over the cores).
await Promise.all([
  ...Object.entries(APART).map(([dependency, file]) =>
    build({ ...common, stdin: { contents: `export * from '${dependency}';`, resolveDir: root, loader: 'js' }, outfile: join(outdir, file) }),
  ),
  ...[
    ['cli', 'cli.ts'],
    ['helm-plugin', 'helm-plugin.ts'],
  ].map(([name, source]) =>
    build({ ...common, entryPoints: [join(root, 'src', source)], outfile: join(outdir, `${name}.cjs`), plugins: [fdirWithoutOptionalPicomatch, yamlAsEsModules, dependenciesApart] }),
  ),
  build({ ...common, entryPoints: [join(root, 'src', 'bin.cts')], outfile: join(outdir, 'dd-lint.cjs') }),
]);
// src/bin.cts reads cli.cjs as latin1, which is its text only while every character is ASCII
// (esbuild escapes strings, not every regular expression): write `\uXXXX` in the source instead.
const nonAscii = /[^\x00-\x7f]/.exec(readFileSync(join(outdir, 'cli.cjs'), 'latin1'));
if (nonAscii) throw new Error(`dist/bundle/cli.cjs holds a non-ASCII character at offset ${nonAscii.index}: escape it in the source`);

// In a clone of this repository, `npx dd-lint` (the README's first run) looks for the command in
// node_modules/.bin, where npm links the bins of dependencies but not the project's own: link it.
// An installed package never runs this script (its dist/ is in the tarball).
const binDir = join(root, 'node_modules', '.bin');
if (existsSync(binDir)) {
  rmSync(join(binDir, 'dd-lint'), { force: true });
  symlinkSync(join('..', '..', 'dist', 'bundle', 'dd-lint.cjs'), join(binDir, 'dd-lint'));
}
