/**
 * A policy that throws: the object is allowed with a warning saying it was not checked (fail open,
 * the default), or refused with status 500 when onError is deny (--on-error, its environment
 * variable, or the config's webhook.onError); either way logged without the object and counted.
 */
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admissionReview, httpGet, httpsPost, startTestWebhook, type Obj } from './helpers/webhook.js';
import { isolatedEnv, startBin, WEBHOOK_BIN } from './helpers/webhook-bin.js';
import { withThrowingPolicy } from './helpers/throwing-policy.js';

const deployment: Obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'DD_AGENT_HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }] }] } } },
};

t.test('fail open by default: allowed with a warning, logged without the object, counted', async (t) => {
  const hook = await startTestWebhook({ policies: withThrowingPolicy() });
  t.teardown(() => hook.close());
  const r = await hook.review(deployment);
  t.same(r, {
    uid: r.uid,
    allowed: true,
    warnings: ['dd-lint could not check Deployment shop/web: an internal error (see the webhook log); it was allowed unchecked.'],
  });

  const line = hook.logs.lines.find((l) => l.verdict === 'error')!;
  t.match(line, {
    level: 50,
    msg: 'admission evaluation failed; allowed unchecked',
    uid: r.uid,
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    reason: 'internal',
    allowed: true,
    error: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'containers')", stack: /^TypeError: .*\n\s+at / },
  });
  t.ok(hook.logs.raw.every((l) => !l.includes('nginx:1.27') && !l.includes('"spec"') && !l.includes('status.hostIP')), 'no part of the object in any log line');

  const metrics = (await httpGet(`${hook.opsUrl}/metrics`)).text;
  t.match(metrics, /\ndd_lint_webhook_errors_total\{reason="internal"\} 1\n/);
  t.match(metrics, /\ndd_lint_webhook_requests_total\{kind="Deployment",operation="CREATE",verdict="error"\} 1\n/);
});

t.test('onError deny: refused with status 500 InternalError, saying it was not checked', async (t) => {
  const hook = await startTestWebhook({ policies: withThrowingPolicy(), onError: 'deny' });
  t.teardown(() => hook.close());
  const r = await hook.review(deployment);
  t.same(r, {
    uid: r.uid,
    allowed: false,
    status: {
      code: 500,
      reason: 'InternalError',
      message: "dd-lint could not check Deployment shop/web: an internal error (see the webhook log); it was refused because the webhook's onError is deny. Try again, or ask the webhook's operators.",
    },
  });
  t.match(hook.logs.lines.find((l) => l.verdict === 'error'), { level: 50, msg: 'admission evaluation failed; refused unchecked', allowed: false });
  t.equal(hook.metrics.errors.get({ reason: 'internal' }), 1);
});

t.test("the config's webhook.onError applies; the option (the flag) wins over it", async (t) => {
  const fromConfig = await startTestWebhook({ policies: withThrowingPolicy(), config: { webhook: { onError: 'deny' } } });
  t.teardown(() => fromConfig.close());
  t.equal((await fromConfig.review(deployment)).status?.code, 500, 'config deny: refused');
  const overridden = await startTestWebhook({ policies: withThrowingPolicy(), config: { webhook: { onError: 'deny' } }, onError: 'allow' });
  t.teardown(() => overridden.close());
  t.equal((await overridden.review(deployment)).allowed, true, 'option allow over config deny: allowed');
});

t.test('the bin: --on-error, DD_LINT_WEBHOOK_ON_ERROR and the config file; a bad value is a usage error', async (t) => {
  // A budget no evaluation fits in: the bin's way to an object it could not check.
  const flag = await startBin(['--no-cluster', '--on-error', 'deny', '--budget-ms', '0.000001']);
  t.teardown(() => void flag.child.kill('SIGKILL'));
  t.match(flag.stderr(), /mode enforce, on error deny/);
  const ca = readFileSync(/^dd-lint-webhook: +certificate (\S+)$/m.exec(flag.stderr())![1]!, 'utf8');
  const r = await httpsPost(`${flag.url}/validate`, admissionReview(deployment), { ca });
  t.equal(r.status, 200);
  t.match(r.json.response, { allowed: false, status: { code: 500, reason: 'InternalError', message: /^dd-lint could not check Deployment shop\/web: evaluation budget of 0\.000001 ms exceeded; it was refused/ } });
  flag.child.kill('SIGTERM');
  t.same(await flag.exited, { code: 0, signal: null });

  const env = await startBin(['--no-cluster'], isolatedEnv({ DD_LINT_WEBHOOK_ON_ERROR: 'deny' }));
  t.teardown(() => void env.child.kill('SIGKILL'));
  t.match(env.stderr(), /on error deny/);
  env.child.kill('SIGTERM');
  await env.exited;

  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-on-error-'));
  writeFileSync(join(dir, '.dd-lint.yaml'), 'webhook:\n  onError: deny\n');
  const config = await startBin(['--no-cluster', '--config', join(dir, '.dd-lint.yaml')]);
  t.teardown(() => void config.child.kill('SIGKILL'));
  t.match(config.stderr(), /on error deny/);
  config.child.kill('SIGTERM');
  await config.exited;

  const bad = spawnSync(process.execPath, [WEBHOOK_BIN, '--on-error', 'ignore'], { env: isolatedEnv(), encoding: 'utf8' });
  t.equal(bad.status, 2);
  t.match(bad.stderr, /^dd-lint-webhook: --on-error must be allow or deny\n/);
  writeFileSync(join(dir, 'bad.yaml'), 'webhook:\n  onError: ignore\n');
  const badConfig = spawnSync(process.execPath, [WEBHOOK_BIN, '--config', join(dir, 'bad.yaml')], { env: isolatedEnv(), encoding: 'utf8' });
  t.equal(badConfig.status, 2);
  t.match(badConfig.stderr, /bad\.yaml:2:\d+/, 'the config error names its line');
});
