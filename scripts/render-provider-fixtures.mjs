#!/usr/bin/env node
// Renders the datadog chart once per provider setting of its values (providers.gke.autopilot,
// providers.aks.enabled, ...) with the real helm, into test/fixtures/provider-renderings/<case>/:
//   values.yaml   the case's values (its first line says what it shows);
//   cmd.txt       the command line;
//   rendered.yaml helm's output, kept to the kinds the model reads (workloads, Services, Secrets,
//                 RBAC); every kept document byte for byte.
// test/provider-parity.test.ts lints values.yaml and rendered.yaml (each with app.yaml, hand-written
// and kept as it is) and wants the same findings. The chart comes from the chart history bundle of
// the workbench beside the repository (../shared, or the directory given as the first argument);
// helm from .cache/helm (npm run fetch:helm).
//   npm run render:providers [-- <shared dir>]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { helmBinaryPath } from './fetch-helm.mjs';

const root = join(import.meta.dirname, '..');
const shared = process.argv[2] ?? join(root, '..', 'shared');
const bundle = join(shared, 'datadog-chart', 'history.bundle');
const helm = helmBinaryPath('3.17.3');
for (const needed of [bundle, helm]) {
  if (!existsSync(needed)) {
    console.error(`render-provider-fixtures: ${needed} not found`);
    process.exit(2);
  }
}

/** name → [chart version, what it shows, values]. */
const CASES = {
  'gke-autopilot': ['3.240.0', 'GKE Autopilot: the chart picks admission configMode hostip (no APM socket)', { providers: { gke: { autopilot: true } } }],
  'gke-autopilot-csi': ['3.240.0', 'GKE Autopilot with the CSI driver: the APM socket stays, configMode socket', { providers: { gke: { autopilot: true } }, datadog: { csi: { enabled: true } } }],
  'gke-autopilot-csi-3.123.3': ['3.123.3', 'the same on chart 3.123.3, before the CSI driver kept the socket: configMode hostip', { providers: { gke: { autopilot: true } }, datadog: { csi: { enabled: true } } }],
  'gke-autopilot-ports': ['3.240.0', 'GKE Autopilot with the APM and DogStatsD host ports open', { providers: { gke: { autopilot: true } }, datadog: { apm: { portEnabled: true }, dogstatsd: { useHostPort: true } } }],
  'gke-gdc': ['3.240.0', 'Google Distributed Cloud: no APM socket, configMode socket all the same', { providers: { gke: { gdc: true } } }],
  'gke-cos': ['3.240.0', 'GKE on Container-Optimized OS', { providers: { gke: { cos: true } } }],
  aks: ['3.240.0', 'AKS', { providers: { aks: { enabled: true } } }],
  'eks-ec2-hostname': ['3.240.0', 'EKS on EC2 with the hostname read from a file', { providers: { eks: { ec2: { useHostnameFromFile: true } } } }],
  talos: ['3.240.0', 'Talos Linux', { providers: { talos: { enabled: true } } }],
  'windows-apm-local-service': ['3.240.0', 'Windows nodes with APM on the local Service: configMode service', { targetSystem: 'windows', datadog: { apm: { useLocalService: true } } }],
};

/** `b` over `a`, maps merged key by key. */
const merge = (a, b) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === 'object' && out[k] && typeof out[k] === 'object' ? merge(out[k], v) : v;
  return out;
};

const KEPT_KINDS = /^kind: (DaemonSet|Deployment|Service|Secret|ServiceAccount|Role|ClusterRole|RoleBinding|ClusterRoleBinding)$/m;

const work = mkdtempSync(join(tmpdir(), 'dd-lint-providers-'));
const home = join(work, 'home');
const env = { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
try {
  const repo = join(work, 'history.git');
  execFileSync('git', ['clone', '-q', '--bare', bundle, repo], { stdio: 'ignore' });
  const charts = new Map();
  /** The chart at `version` without its subcharts (kube-state-metrics, the operator): the datadog chart's own templates only. */
  const chartAt = (version) => {
    if (charts.has(version)) return charts.get(version);
    const into = join(work, version);
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-x', '-C', into], { input: execFileSync('git', ['-C', repo, 'archive', '--format=tar', `datadog-${version}`, 'charts/datadog'], { maxBuffer: 256 << 20 }) });
    const chart = join(into, 'charts', 'datadog');
    for (const f of ['requirements.yaml', 'requirements.lock', 'Chart.lock', 'charts']) rmSync(join(chart, f), { recursive: true, force: true });
    const meta = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8'));
    delete meta.dependencies;
    writeFileSync(join(chart, 'Chart.yaml'), stringify(meta));
    charts.set(version, chart);
    return chart;
  };
  for (const [name, [version, shows, values]] of Object.entries(CASES)) {
    const dir = join(root, 'test', 'fixtures', 'provider-renderings', name);
    mkdirSync(dir, { recursive: true });
    const text = `# ${shows}.\n${stringify(merge({ datadog: { apiKeyExistingSecret: 'datadog-secret' } }, values))}`;
    writeFileSync(join(dir, 'values.yaml'), text);
    const args = ['template', 'datadog', chartAt(version), '-n', 'datadog', '-f', join(dir, 'values.yaml'), '--set', 'datadog.kubeStateMetricsEnabled=false'];
    writeFileSync(join(dir, 'cmd.txt'), `helm template datadog charts/datadog@${version} -n datadog -f values.yaml --set datadog.kubeStateMetricsEnabled=false\n`);
    const out = execFileSync(helm, args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const kept = out.split(/^(?=---$)/m).filter((doc) => KEPT_KINDS.test(doc)).join('');
    writeFileSync(join(dir, 'rendered.yaml'), kept);
    console.log(`${name}: ${kept.length} bytes`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
