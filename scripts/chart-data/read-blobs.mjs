// Many `<tag>:<path>` blobs out of a bare clone of the chart history, with one git process.
import { execFileSync } from 'node:child_process';
import { parseSemVer, sortVersions, compareSemVer } from '../../dist/src/chart/semver.js';

export function readBlobs(dir, specs) {
  const out = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input: specs.join('\n') + '\n', maxBuffer: 1024 * 1024 * 1024 });
  const blobs = new Map();
  let off = 0;
  for (const spec of specs) {
    const nl = out.indexOf(10, off);
    const header = out.subarray(off, nl).toString('utf8');
    off = nl + 1;
    if (header.endsWith(' missing')) continue;
    const size = Number(header.split(' ')[2]);
    blobs.set(spec, out.subarray(off, off + size).toString('utf8'));
    off += size + 1;
  }
  return blobs;
}

/**
 * Runs `fn(dir, versions)` on a temporary bare clone of the chart history bundle, with the datadog
 * chart versions it tags from `first` on (sorted), and removes the clone afterwards.
 */
export function withDatadogVersions(bundle, first, fn) {
  const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
  try {
    execFileSync('git', ['clone', '-q', '--bare', bundle, dir], { stdio: 'ignore' });
    const tags = execFileSync('git', ['-C', dir, 'tag'], { encoding: 'utf8' }).split('\n');
    const from = parseSemVer(first);
    const versions = sortVersions(tags.filter((t) => /^datadog-\d/.test(t)).map((t) => t.slice('datadog-'.length))).filter((v) => compareSemVer(parseSemVer(v), from) >= 0);
    return fn(dir, versions);
  } finally {
    execFileSync('rm', ['-rf', dir]);
  }
}
