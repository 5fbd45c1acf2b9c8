/**
 * The installed package's root folder (package.json, policies/, docs/, dist/), the base of every
 * file dd-lint reads from its own installation. Computed from this module's URL: it is compiled to
 * dist/src/package-root.js by tsc and lands in a chunk of dist/bundle/ when esbuild bundles the
 * command (scripts/bundle-cli.mjs), both two folders below the root.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** The chart facts (src/chart/data/*.json), copied into the tsc output by scripts/copy-chart-data.mjs. */
export const CHART_DATA_DIR = new URL('dist/src/chart/data/', PACKAGE_ROOT);
