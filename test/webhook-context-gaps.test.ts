/**
 * No silent allow: a policy that judges an object against others (scope.needsCluster) and cannot,
 * for lack of cluster context, a cache not yet synced or a Secret RBAC does not grant, is named in
 * a warning of the answer and counted in /metrics.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { fakeCluster, httpGet, startTestWebhook, until, type Obj } from './helpers/webhook.js';

/** The incident's app: DD_AGENT_HOST from status.hostIP, traces to 8126. */
const app = parse(readFileSync(join(FIXTURES_DIR, 's001-apm-default', 'app.yaml'), 'utf8')) as Obj;

t.test('without cluster context the status.hostIP app is allowed with a warning naming what could not be judged', async (t) => {
  const hook = await startTestWebhook();
  t.teardown(() => hook.close());
  const r = await hook.review(app);
  t.equal(r.allowed, true);
  t.same(r.warnings, [
    'dd-lint could not judge agent-service-other-namespace, apm-hostip-unreachable, cluster-agent-token-mismatch, cluster-agent-token-too-short, dogstatsd-hostip-unreachable, host-port-collision: no cluster context (--no-cluster, or no kubeconfig).',
    'dd-lint could not judge nodeport-host-port-conflict, otel-hostnetwork-port-conflict: no cluster context (--no-cluster, or no kubeconfig).',
  ], 'every policy that reads other objects, in warnings within the API server limit of 256 characters each');
  const metrics = (await httpGet(`${hook.opsUrl}/metrics`)).text;
  t.match(metrics, /^dd_lint_webhook_unjudged_total\{policy="apm-hostip-unreachable",reason="no-cluster"\} 1$/m);
  t.ok(hook.logs.lines.some((l) => Array.isArray(l.unjudged) && (l.unjudged as string[]).includes('apm-hostip-unreachable:no-cluster')), 'logged');

  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } };
  t.same((await hook.review(service)).warnings, undefined, 'a Service alone: judged when the workloads that use it are');
});

t.test('with a cluster context: nothing is said once synced; a token Secret RBAC refuses is named for the token policies only', async (t) => {
  const api = new FakeApiServer();
  api.secretNames = new Set(['granted']);
  await api.start();
  const ctx = fakeCluster(api, [{ namespace: 'datadog', name: 'refused' }]);
  const hook = await startTestWebhook({ cluster: ctx });
  t.teardown(async () => {
    await hook.close();
    await api.stop();
  });
  await until(() => ctx.synced(), 'the caches');
  const r = await hook.review(app);
  t.same(r.warnings, [
    'dd-lint could not judge cluster-agent-token-mismatch, cluster-agent-token-too-short: Secret datadog/refused is not readable (RBAC: add its name to clusterContext.tokenSecretNames).',
  ]);
  t.match((await httpGet(`${hook.opsUrl}/metrics`)).text, /^dd_lint_webhook_unjudged_total\{policy="cluster-agent-token-too-short",reason="forbidden"\} 1$/m);
});
