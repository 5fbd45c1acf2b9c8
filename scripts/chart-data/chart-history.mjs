// Reads chart files out of the history bundle (../shared/datadog-chart/history.bundle): one tag per
// published chart version, `<chart>-<version>`, each holding charts/<chart>/ as released.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TAG = /^(datadog|datadog-crds|datadog-operator|datadog-csi-driver)-(\d+\.\d+\.\d+.*)$/;

export class ChartHistory {
  constructor(bundle) {
    this.dir = mkdtempSync(join(tmpdir(), 'dd-lint-chart-history-'));
    execFileSync('git', ['clone', '-q', '--bare', bundle, this.dir], { stdio: 'ignore' });
    /** chart name -> its versions (as tagged) */
    this.versions = new Map();
    const tags = execFileSync('git', ['-C', this.dir, 'tag'], { encoding: 'utf8' }).split('\n');
    for (const tag of tags) {
      const m = TAG.exec(tag);
      if (!m) continue;
      if (!this.versions.has(m[1])) this.versions.set(m[1], []);
      this.versions.get(m[1]).push(m[2]);
    }
  }

  /** The text files of charts/<chart>/ at <chart>-<version>, keyed by their path under the chart. */
  files(chart, version) {
    const prefix = `charts/${chart}/`;
    const tar = execFileSync('git', ['-C', this.dir, 'archive', '--format=tar', `${chart}-${version}`, prefix], {
      maxBuffer: 256 * 1024 * 1024,
    });
    const files = new Map();
    for (const [path, data] of tarEntries(tar)) if (path.startsWith(prefix)) files.set(path.slice(prefix.length), data.toString('utf8'));
    return files;
  }

  close() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The regular files of a ustar archive as git writes it (a pax header may carry a long path). */
function* tarEntries(buf) {
  let off = 0;
  let paxPath;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a, b) => header.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = str(345, 500);
    const name = prefix ? `${prefix}/${str(0, 100)}` : str(0, 100);
    const data = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      paxPath = m ? m[1] : undefined;
      continue;
    }
    if (type === '0' || type === '\0') yield [paxPath ?? name, data];
    paxPath = undefined;
  }
}
