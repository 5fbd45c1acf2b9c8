/**
 * The cluster audit against the fake API server: what already runs is judged and written as
 * wg-policy reports (one PolicyReport per namespace, a ClusterPolicyReport) by the CLI's own
 * report module, with passes; objects created, changed and deleted move the reports; an unchanged
 * report is not written again; writes are rate-limited.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseYamlDocuments } from '../src/load/yaml-documents.js';
import { activePolicies } from '../src/engine/active-policies.js';
import { loadPolicies } from '../src/policy/load.js';
import { InformerContext } from '../webhook/cluster/informers.js';
import { ClusterAudit } from '../webhook/audit/audit.js';
import { ReportWriter, type WriteResult } from '../webhook/audit/writer.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { bundledDefaults } from '../src/chart/defaults.js';
import { helmReleaseSecret } from './helpers/webhook-release.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { fakeKubeConfig, until, type Obj } from './helpers/webhook.js';

// Reports read back from the fake API server are loosely typed JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function renderedObject(fixture: string, kind: string, name: string): Obj {
  const docs = parseYamlDocuments('rendered.yaml', readFileSync(join(FIXTURES_DIR, fixture, 'rendered.yaml'), 'utf8'), { keepKind: (k) => k === kind });
  return docs.map((d) => d.value as Obj).find((o) => o?.kind === kind && (o.metadata as { name: string }).name === name)!;
}
const agent = renderedObject('s001-apm-default', 'DaemonSet', 'datadog');
const app = parse(readFileSync(join(FIXTURES_DIR, 's001-apm-default', 'app.yaml'), 'utf8')) as Obj;
const withApmHostPort = (ds: Obj): Obj => {
  const copy = structuredClone(ds) as Loose;
  const trace = copy.spec.template.spec.containers.find((c: Loose) => c.name === 'trace-agent');
  trace.ports = trace.ports.map((p: Loose) => (p.containerPort === 8126 ? { ...p, hostPort: 8126 } : p));
  return copy;
};

const policies = activePolicies(loadPolicies(), {});

/** A subtest (the last overload of t.test takes only the callback). */
type Test = Parameters<Parameters<typeof t.test>[0]>[0];

async function setup(t: Test, minWriteMs = 0) {
  const fake = new FakeApiServer();
  await fake.start();
  const kubeConfig = fakeKubeConfig(fake);
  const cluster = new InformerContext({ kubeConfig, source: 'fake', apps: true, releases: [{ namespace: 'datadog', name: 'datadog' }], tokenSecrets: [], backoffMs: 100 });
  const writes: string[] = [];
  const writer = new ReportWriter({ kubeConfig, minWriteMs, mayWrite: async () => true, onWrite: (r: WriteResult, key: string) => writes.push(`${r} ${key}`) });
  let runs = 0;
  const audit = new ClusterAudit({ cluster, policies, debounceMs: 20, write: (reports) => writer.sync(reports), onRun: () => runs++ });
  t.teardown(async () => {
    audit.stop();
    writer.stop();
    await cluster.stop();
    await fake.stop();
  });
  return { fake, cluster, audit, writes, runs: () => runs };
}

const report = (fake: FakeApiServer, ns: string) => fake.get('PolicyReport', ns, 'dd-lint') as Loose;
const resultsOf = (r: Loose, policy: string) => r.results.filter((x: Loose) => x.policy === policy).map((x: Loose) => `${x.result} ${x.resources[0].kind} ${x.resources[0].namespace}/${x.resources[0].name}`);

t.test('what runs is reported; changes and deletions move the reports', async (t) => {
  const { fake, cluster, audit, writes } = await setup(t);
  fake.apply(agent as never);
  fake.apply(app as never);
  cluster.start();
  audit.start();
  await until(() => !!report(fake, 'default') && !!report(fake, 'datadog') && !!fake.get('ClusterPolicyReport', '', 'dd-lint'), 'the first reports');

  const apps = report(fake, 'default');
  t.equal(apps.apiVersion, 'wgpolicyk8s.io/v1alpha2');
  t.same(apps.metadata.labels, { 'app.kubernetes.io/managed-by': 'dd-lint' });
  t.same(resultsOf(apps, 'apm-hostip-unreachable'), ['fail Deployment default/rayne']);
  const fail = apps.results.find((x: Loose) => x.policy === 'apm-hostip-unreachable');
  t.match(fail, { severity: 'high', scored: true, category: 'networking', message: /^Deployment default\/rayne container rayne sends traces to status\.hostIP:8126 \(DD_AGENT_HOST\), but DaemonSet datadog\/datadog has no hostPort 8126\/TCP/ });
  t.same(resultsOf(apps, 'pod-port-clash'), ['pass Deployment default/rayne'], 'a policy with nothing to say about the app: pass');
  t.same(apps.summary.fail, 1);
  t.ok(apps.summary.pass > 5, 'passes are counted');
  t.same(resultsOf(report(fake, 'datadog'), 'kubelet-tls-verify-disabled'), ['pass DaemonSet datadog/datadog']);

  // The agent gets its host port: the app passes.
  writes.length = 0;
  fake.apply(withApmHostPort(agent) as never);
  await until(() => writes.includes('updated PolicyReport/default/dd-lint'), 'the report of namespace default to be updated');
  t.same(resultsOf(report(fake, 'default'), 'apm-hostip-unreachable'), ['pass Deployment default/rayne']);
  t.equal(report(fake, 'default').summary.fail, 0);

  // Nothing changes: nothing is written.
  writes.length = 0;
  const rv = report(fake, 'default').metadata.resourceVersion;
  audit.schedule();
  await until(() => writes.length >= 3, 'a run');
  t.ok(writes.every((w) => w.startsWith('unchanged ')), `an unchanged report is not rewritten: ${writes.join(', ')}`);
  t.equal(report(fake, 'default').metadata.resourceVersion, rv);

  // The app is deleted: its namespace's report goes.
  fake.delete('Deployment', 'default', 'rayne');
  await until(() => !report(fake, 'default'), 'the report of namespace default to go');
  t.ok(report(fake, 'datadog'), 'the other namespace keeps its report');
});

t.test('writes are rate-limited: a change inside the interval is written when it ends, the latest state only', async (t) => {
  const { fake, cluster, audit, writes } = await setup(t, 600);
  fake.apply(agent as never);
  fake.apply(app as never);
  cluster.start();
  audit.start();
  await until(() => !!report(fake, 'default'), 'the first report');
  const first = Date.now();
  const pause = () => new Promise((r) => setTimeout(r, 80)); // longer than the debounce: one run per change
  for (const next of [withApmHostPort(agent), agent, withApmHostPort(agent)]) {
    fake.apply(next as never);
    await pause();
  }
  t.notOk(writes.includes('updated PolicyReport/default/dd-lint'), 'nothing written inside the interval');
  await until(() => writes.includes('updated PolicyReport/default/dd-lint'), 'the write at the end of the interval', 5000);
  t.ok(Date.now() - first >= 500, 'not before the interval is over');
  t.same(resultsOf(report(fake, 'default'), 'apm-hostip-unreachable'), ['pass Deployment default/rayne'], 'the latest state');
  await new Promise((r) => setTimeout(r, 700));
  t.equal(writes.filter((w) => w === 'updated PolicyReport/default/dd-lint').length, 1, 'one write for three changes');
});

t.test('a token Secret RBAC refuses: the token policies are skip, with the reason, for the agents that read it', async (t) => {
  const { fake } = await setup(t);
  fake.secretNames = new Set(['something-else']);
  fake.apply(agent as never);
  const withToken = new InformerContext({ kubeConfig: fakeKubeConfig(fake), source: 'fake', apps: true, tokenSecrets: [{ namespace: 'datadog', name: 'datadog-cluster-agent' }], backoffMs: 100 });
  const collected: Loose[] = [];
  const tokenAudit = new ClusterAudit({ cluster: withToken, policies, debounceMs: 20, write: async (r) => void collected.push(r) });
  t.teardown(async () => {
    tokenAudit.stop();
    await withToken.stop();
  });
  withToken.start();
  tokenAudit.start();
  await until(() => collected.length > 0, 'a run');
  const ds = collected[0].find((r: Loose) => r.metadata.namespace === 'datadog');
  const skip = ds.results.find((x: Loose) => x.policy === 'cluster-agent-token-too-short');
  t.match(skip, { result: 'skip', scored: false, message: 'Not judged: Secret datadog/datadog-cluster-agent is not readable (RBAC: add its name to clusterContext.tokenSecretNames).', properties: { reason: /not readable/ } });
});

t.test('without the PolicyReport CRDs the run fails with one line saying what to install', async (t) => {
  const fake = new FakeApiServer();
  await fake.start();
  t.teardown(() => fake.stop());
  fake.unserved.add('policyreports');
  const writer = new ReportWriter({ kubeConfig: fakeKubeConfig(fake), minWriteMs: 0, mayWrite: async () => true });
  await t.rejects(writer.sync([]), { message: 'the PolicyReport CRDs (wgpolicyk8s.io/v1alpha2) are not installed: set audit.installCRDs=true, or install Kyverno or policy-reporter' });
});

t.test("the Datadog release's deployed Helm Secret: its values findings are reported on it; other revisions are not read", async (t) => {
  const { fake, cluster, audit } = await setup(t);
  const defaults = await bundledDefaults('3.240.0');
  const release = (revision: number, status: string) =>
    helmReleaseSecret({ name: 'datadog', namespace: 'datadog', revision, status, chartVersion: defaults.version, chartValues: defaults.values, config: { datadog: { otelCollector: { enabled: 'false' } } } });
  fake.apply(release(1, 'superseded') as never);
  fake.apply(release(2, 'deployed') as never);
  cluster.start();
  audit.start();
  await until(() => !!report(fake, 'datadog'), 'the report of namespace datadog');
  const results = report(fake, 'datadog').results.filter((x: Loose) => x.policy === 'quoted-false-enables');
  t.same(
    results.map((x: Loose) => [x.result, x.resources[0].kind, x.resources[0].name]),
    [['warn', 'Secret', 'sh.helm.release.v1.datadog.v2']],
    'one result, on the deployed revision',
  );
  t.match(results[0].message, /datadog\.otelCollector\.enabled is the string "false"/);
  t.ok(fake.requests.some((r) => r.path === '/api/v1/namespaces/datadog/secrets' && r.labelSelector === 'owner=helm,name=datadog,status=deployed'), 'listed by label: the deployed revision only');
  t.notOk(JSON.stringify(report(fake, 'datadog')).includes((release(2, 'deployed').data as { release: string }).release.slice(0, 40)), 'nothing of the Secret in the report');
});
