// Has the real helm evaluate a datadog chart version's NOTES.txt for given values: helm 4 prints
// NOTES without a cluster for `install --dry-run=client`. The chart is a scratch copy of a version
// out of the history bundle without its subcharts (kube-state-metrics is not in the bundle); with the
// dependency dropped from Chart.yaml the chart renders its NOTES with kube-state-metrics on too,
// so no value is forced (the legacy kube-state-metrics banners need it on).
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { printedBanners } from './notes-banners.mjs';

export const HELM_FOR_NOTES = '4.1.4';
export const RENDER_SETS = [];

/** A bare clone of the history bundle. */
export function cloneHistory(bundle, into) {
  execFileSync('git', ['clone', '-q', '--bare', bundle, into], { stdio: 'ignore' });
  return into;
}

/** charts/datadog of `version`, without its dependencies, under `into`. */
export function extractChart(repo, version, into) {
  const tar = execFileSync('git', ['-C', repo, 'archive', '--format=tar', `datadog-${version}`, 'charts/datadog'], { maxBuffer: 256 * 1024 * 1024 });
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-x', '-C', into], { input: tar });
  const chart = join(into, 'charts', 'datadog');
  for (const f of ['requirements.yaml', 'requirements.lock', 'Chart.lock', 'charts']) rmSync(join(chart, f), { recursive: true, force: true });
  const meta = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8'));
  delete meta.dependencies;
  writeFileSync(join(chart, 'Chart.yaml'), stringify(meta));
  return chart;
}

/**
 * The banners helm prints installing `chart` with a values text and --set arguments: their names,
 * `stopped` when a NOTES.txt `fail` ended the install (banners after it are not printed), `error`
 * when the templates themselves failed.
 */
export function helmNotices(helm, chart, work, { values, set = [] }) {
  const file = join(work, `values-${process.hrtime.bigint()}.yaml`);
  writeFileSync(file, values ?? '');
  const args = ['install', 'dd', chart, '--dry-run=client', '--namespace', 'datadog', '-f', file, ...[...set, ...RENDER_SETS].flatMap((s) => ['--set', s])];
  const env = { ...process.env, HELM_CACHE_HOME: join(work, 'home'), HELM_CONFIG_HOME: join(work, 'home'), HELM_DATA_HOME: join(work, 'home'), KUBECONFIG: join(work, 'home', 'kubeconfig') };
  return new Promise((resolve) => {
    execFile(helm, args, { env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      rmSync(file, { force: true });
      const notes = stdout.includes('\nNOTES:\n') ? stdout.slice(stdout.indexOf('\nNOTES:\n')) : '';
      const inNotes = /templates\/NOTES\.txt:\d+:\d+\)/.test(stderr);
      if (err && !inNotes) resolve({ banners: [], error: stderr.trim().split('\n').pop() });
      else resolve({ banners: printedBanners(notes, stderr), ...(err ? { stopped: true } : {}) });
    });
  });
}
