// Many `<tag>:<path>` blobs out of a bare clone of the chart history, with one git process.
import { execFileSync } from 'node:child_process';

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
