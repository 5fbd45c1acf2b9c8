/**
 * The cluster context: cross-object verdicts from the informer cache (never a live API call per
 * request), a watched change that flips a verdict without a restart, readiness until synced and
 * while the API server is unreachable, and what admission does with UPDATE, DELETE, dryRun,
 * modes, namespaces and controller-made objects.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseYamlDocuments } from '../src/load/yaml-documents.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { fakeCluster, httpGet, startClusterWebhook, startTestWebhook, synced, until, type Obj } from './helpers/webhook.js';

type Container = { name: string; ports?: { containerPort: number; hostPort?: number; name?: string; protocol?: string }[]; env?: { name: string; value?: string }[] };

function renderedObject(fixture: string, kind: string, name: string): Obj {
  const docs = parseYamlDocuments('rendered.yaml', readFileSync(join(FIXTURES_DIR, fixture, 'rendered.yaml'), 'utf8'), { keepKind: (k) => k === kind });
  return docs.map((d) => d.value as Obj).find((o) => o?.kind === kind && (o.metadata as { name: string }).name === name)!;
}

const agent = renderedObject('s001-apm-default', 'DaemonSet', 'datadog');
const tokenSecret = renderedObject('s004-token-30', 'Secret', 'datadog-cluster-agent');
const app = parse(readFileSync(join(FIXTURES_DIR, 's001-apm-default', 'app.yaml'), 'utf8')) as Obj;

const containers = (o: Obj) => ((o.spec as any).template.spec.containers as Container[]);
/** The agent with `datadog.apm.portEnabled: true`: the trace-agent gets hostPort 8126. */
function withApmHostPort(ds: Obj): Obj {
  const copy = structuredClone(ds);
  const trace = containers(copy).find((c) => c.name === 'trace-agent')!;
  trace.ports = trace.ports!.map((p) => (p.containerPort === 8126 ? { ...p, hostPort: 8126 } : p));
  return copy;
}
/** The app sending to another port: a different problem, or the same one at another place. */
function appWithPort(port: string, extraEnv: { name: string; value: string }[] = []): Obj {
  const copy = structuredClone(app);
  const c = containers(copy)[0]!;
  c.env = [...extraEnv, ...c.env!.map((e) => (e.name === 'DD_TRACE_AGENT_PORT' ? { ...e, value: port } : e))];
  return copy;
}

const { fake, cluster, hook } = await startClusterWebhook(t, [agent]);

t.test('cross-object denial from the cache, flipped by a watched change without a restart', async (t) => {
  await synced(cluster, fake.apply(agent as never));
  const requestsBefore = fake.requests.length;
  const denied = await hook.review(app);
  t.equal(denied.allowed, false, 'the app sends traces to status.hostIP:8126 where the agent has no hostPort');
  const message = denied.status!.message;
  t.match(message.split('\n')[0], /^Deployment default\/rayne: \[apm-hostip-unreachable\] Deployment default\/rayne container rayne sends traces to status\.hostIP:8126 \(DD_AGENT_HOST\), but DaemonSet datadog\/datadog has no hostPort 8126\/TCP/);
  t.match(message, /\n {3}at spec\.template\.spec\.containers\[0\]\.env\[0\]\n/);
  // The fix names the app's own variable, and the chart's values key for the chart's agent.
  t.match(message, /fix: Point DD_AGENT_HOST in container rayne of Deployment default\/rayne at the agent's local Service or its socket .* or open the port on the node with `datadog\.apm\.portEnabled: true` in the chart's values/);

  await synced(cluster, fake.apply(withApmHostPort(agent) as never));
  const allowed = await hook.review(app);
  t.same([allowed.allowed, allowed.warnings], [true, undefined], 'the agent now listens on the node: allowed');
  t.equal(fake.requests.length, requestsBefore + 0, 'no API request per admission: the cache answered (the change came by the open watch)');

  await synced(cluster, fake.apply(agent as never));
  t.equal((await hook.review(app)).allowed, false, 'and back');
});

t.test('a token Secret admitted after its DaemonSet is in the cache', async (t) => {
  await synced(cluster, fake.apply(agent as never));
  const r = await hook.review(tokenSecret);
  t.equal(r.allowed, false);
  t.match(r.status!.message, /^Secret datadog\/datadog-cluster-agent: \[cluster-agent-token-too-short\] The cluster agent auth token read by DaemonSet datadog\/datadog is 30 characters long/);
  t.match(r.status!.message, /\n {3}at data\.token\n/);
  t.notOk(r.status!.message.includes(Buffer.from((tokenSecret.data as { token: string }).token, 'base64').toString()), 'the token is not quoted');
});

t.test('the token Secrets the cached agents read are watched by name, nothing else', async (t) => {
  const secretCalls = fake.requests.filter((r) => r.path.includes('/secrets'));
  t.ok(secretCalls.length > 0);
  t.ok(secretCalls.every((r) => r.path === '/api/v1/namespaces/datadog/secrets' && r.fieldSelector === 'metadata.name=datadog-cluster-agent'), 'list and watch with a metadata.name field selector');
});

t.test('a token Secret RBAC does not grant: watched as far as allowed, still ready', async (t) => {
  const api = new FakeApiServer();
  api.secretNames = new Set(['datadog-cluster-agent']);
  await api.start();
  const other = structuredClone(agent);
  for (const c of containers(other)) {
    for (const e of (c.env ?? []) as { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[]) {
      if (e.name === 'DD_CLUSTER_AGENT_AUTH_TOKEN' && e.valueFrom?.secretKeyRef) e.valueFrom.secretKeyRef.name = 'custom-token';
    }
  }
  api.apply(other as never);
  const ctx = fakeCluster(api);
  const hooked = await startTestWebhook({ cluster: ctx });
  t.teardown(async () => {
    await hooked.close();
    await api.stop();
  });
  await until(() => ctx.state().some((s) => s.resource === 'secret datadog/custom-token' && s.synced), 'the custom token watcher');
  const custom = ctx.state().find((s) => s.resource === 'secret datadog/custom-token')!;
  t.match(custom.error, /^forbidden by RBAC, not watched/);
  t.equal(custom.stale, false);
  const ready = await httpGet(`${hooked.opsUrl}/readyz`);
  t.equal(ready.status, 200, 'ready: a Secret outside the granted names is not needed to serve');
  t.match(ready.text, /secret datadog\/custom-token: synced.*forbidden by RBAC/);
});

t.test('UPDATE: only what the change introduces denies', async (t) => {
  await synced(cluster, fake.apply(agent as never));
  const scaled = structuredClone(app);
  (scaled.spec as { replicas: number }).replicas = 5;
  const r = await hook.review(scaled, { operation: 'UPDATE', oldObject: app });
  t.equal(r.allowed, true, 'scaling an app that already had the problem is allowed');
  t.match(r.warnings, [/^dd-lint error apm-hostip-unreachable \(already there before this change\): /]);

  const clean = appWithPort('8126', []);
  containers(clean)[0]!.env = containers(clean)[0]!.env!.filter((e) => e.name !== 'DD_AGENT_HOST');
  const introduced = await hook.review(app, { operation: 'UPDATE', oldObject: clean });
  t.equal(introduced.allowed, false, 'an UPDATE that adds DD_AGENT_HOST=status.hostIP is denied');

  const del = await hook.review(null, { operation: 'DELETE', oldObject: app, namespace: 'default' });
  t.same([del.allowed, del.warnings], [true, undefined], 'DELETE: allowed');
});

t.test('dryRun is judged the same way', async (t) => {
  await synced(cluster, fake.apply(agent as never));
  const r = await hook.review(app, { dryRun: true });
  t.equal(r.allowed, false);
  t.ok(hook.logs.lines.some((l) => l.dryRun === true && l.verdict === 'denied'), 'logged as a dry run');
});

t.test('objects a controller makes warn, never deny (their owner was judged)', async (t) => {
  await synced(cluster, fake.apply(agent as never));
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'rayne-7d9f-abcde', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rayne-7d9f', uid: 'x', controller: true }] },
    spec: (app.spec as any).template.spec,
  };
  const r = await hook.review(pod);
  t.equal(r.allowed, true);
  t.match(r.warnings, [/^dd-lint error apm-hostip-unreachable: Pod default\/rayne-7d9f-abcde/]);
  const bare = await hook.review({ ...pod, metadata: { name: 'rayne', namespace: 'default' } });
  t.equal(bare.allowed, false, 'a Pod nobody owns is denied');
});

t.test('modes: warn never denies, audit only logs and counts, per-policy overrides', async (t) => {
  await synced(cluster, fake.apply(agent as never));
  const warn = await startTestWebhook({ cluster, closeCluster: false, mode: 'warn' });
  const audit = await startTestWebhook({ cluster, closeCluster: false, config: { webhook: { mode: 'audit' } } });
  const perPolicy = await startTestWebhook({ cluster, closeCluster: false, config: { webhook: { mode: 'enforce', policies: { 'apm-hostip-unreachable': 'warn' } } } });
  const overridden = await startTestWebhook({ cluster, closeCluster: false, mode: 'enforce', config: { webhook: { mode: 'audit' } } });
  t.teardown(() => Promise.all([warn.close(), audit.close(), perPolicy.close(), overridden.close()]));

  const w = await warn.review(app);
  t.equal(w.allowed, true);
  t.match(w.warnings, [/^dd-lint error apm-hostip-unreachable: /]);

  const a = await audit.review(app);
  t.same([a.allowed, a.warnings, a.status], [true, undefined, undefined], 'audit: allowed silently');
  t.equal(audit.metrics.findings.get({ policy: 'apm-hostip-unreachable', severity: 'error', action: 'audit' }), 1, 'audit: counted');
  t.ok(audit.logs.lines.some((l) => l.verdict === 'audited' && String(l.findings).includes('apm-hostip-unreachable:audit')), 'audit: logged');

  const p = await perPolicy.review(app);
  t.equal(p.allowed, true, 'the policy set to warn in webhook.policies warns');

  t.equal((await overridden.review(app)).allowed, false, '--mode overrides the config');
});

t.test('namespaces never evaluated: kube-system, its own, and the configured ones', async (t) => {
  await synced(cluster, fake.apply(agent as never));
  const hooked = await startTestWebhook({ cluster, closeCluster: false, ownNamespace: 'dd-lint', config: { webhook: { excludeNamespaces: ['legacy'] } } });
  t.teardown(() => hooked.close());
  for (const ns of ['kube-system', 'dd-lint', 'legacy']) {
    const moved = { ...app, metadata: { ...(app.metadata as object), namespace: ns } };
    const r = await hooked.review(moved);
    t.same([r.allowed, r.warnings], [true, undefined], ns);
  }
  t.equal((await hooked.review(app)).allowed, false, 'default is evaluated');
  t.equal(hooked.metrics.requests.get({ kind: 'Deployment', operation: 'CREATE', verdict: 'skipped' }), 3);
});

t.test('readiness: not ready until synced; the cache keeps serving when the API server is gone', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  api.apply(agent as never);
  await api.stop(); // unreachable from the start
  const ctx = fakeCluster(api);
  const late = await startTestWebhook({ cluster: ctx });
  t.teardown(async () => {
    await late.close();
    await api.stop();
  });
  await until(() => ctx.state().every((s) => s.stale), 'the first list to fail');
  let ready = await httpGet(`${late.opsUrl}/readyz`);
  t.equal(ready.status, 503, 'not ready before the caches are synced');
  t.match(ready.text, /caches not synced yet/);

  await api.start(); // same port: the informers' retries now succeed
  await until(() => ctx.synced(), 'the caches to sync');
  ready = await httpGet(`${late.opsUrl}/readyz`);
  t.equal(ready.status, 200);
  t.match(ready.text, /^ok \(fake API server/);
  t.equal((await late.review(app)).allowed, false, 'the cached agent answers');

  await api.stop();
  await until(() => ctx.state().some((s) => s.stale), 'the watches to fail');
  ready = await httpGet(`${late.opsUrl}/readyz`);
  t.equal(ready.status, 200, 'still ready: the cache serves the last known state');
  t.match(ready.text, /API server is unreachable: the cache serves the last known state/);
  t.equal((await late.review(app)).allowed, false, 'and answers from it');
  const metrics = (await httpGet(`${late.opsUrl}/metrics`)).text;
  t.match(metrics, /dd_lint_webhook_cache_stale\{resource="daemonsets"\} 1/);
  t.match(metrics, /dd_lint_webhook_cache_synced\{resource="daemonsets"\} 1/);
  t.match(metrics, /dd_lint_webhook_cache_objects\{resource="daemonsets"\} 1/);
});

t.test('without cluster context: ready, and says so', async (t) => {
  const alone = await startTestWebhook();
  t.teardown(() => alone.close());
  const ready = await httpGet(`${alone.opsUrl}/readyz`);
  t.equal(ready.status, 200);
  t.match(ready.text, /no cluster context/);
  t.same((await alone.review(app)).allowed, true, 'no agent known: nothing to judge the app against');
  t.match((await httpGet(`${alone.opsUrl}/metrics`)).text, /dd_lint_webhook_cluster_context 0/);
});
