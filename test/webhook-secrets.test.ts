/**
 * No webhook answer (deny message, warnings, 4xx bodies) and no log line (at debug level, every
 * decision logged) ever contains a planted secret, plain or base64: in env values next to
 * secret-looking names, a Secret's data and stringData, a token Secret, a Helm release of the
 * datadog chart whose values carry apiKey, appKey and token, the old object of an UPDATE; and on
 * the error paths: a policy that throws with the secrets in its message, a spent budget, malformed
 * envelopes, a body over the limit.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocuments } from '../src/load/yaml-documents.js';
import { bundledDefaults } from '../src/chart/defaults.js';
import type { Rule } from '../src/rules/types.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { admissionReview, httpGet, type HttpResult, type Obj, startTestWebhook, type TestWebhook } from './helpers/webhook.js';
import { helmReleaseSecret } from './helpers/webhook-release.js';
import { withThrowingPolicy } from './helpers/throwing-policy.js';

const TOKEN = 'Zq7TokenPlanted0123456789abc'; // 28 characters: too short, so it is reported
const API_KEY = 'ApiKeyPlanted0123456789abcdef012';
const APP_KEY = 'AppKeyPlanted0123456789abcdef0123456789a';
const PASSWORD = 'PasswordPlanted-9f8e7d6c';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const PLANTED = [TOKEN, API_KEY, APP_KEY, PASSWORD].flatMap((s) => [s, b64(s)]);
const leaks = (text: string) => PLANTED.filter((s) => text.includes(s));

const env = [
  { name: 'DD_API_KEY', value: API_KEY },
  { name: 'DD_APP_KEY', value: APP_KEY },
  { name: 'DD_CLUSTER_AGENT_AUTH_TOKEN', value: TOKEN },
  { name: 'DB_PASSWORD', value: PASSWORD },
];

/** An app whose two containers bind 8126 (pod-port-clash: denied), with the secrets in its env. */
const app: Obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', env, ports: [{ containerPort: 8126 }] },
          { name: 'side', image: 'busybox', env, ports: [{ containerPort: 8126 }] },
        ],
      },
    },
  },
};

/** The agent DaemonSet of a fixture (DD_SKIP_SSL_VALIDATION in one container: denied), the secrets added to every container's env. */
function agent(): Obj {
  const ds = parseYamlDocuments('r', readFileSync(join(FIXTURES_DIR, 's001-ssl-agent-only', 'rendered.yaml'), 'utf8'), { keepKind: (k) => k === 'DaemonSet' })
    .map((d) => d.value as Obj)
    .find((o) => o?.kind === 'DaemonSet')!;
  const spec = (ds.spec as { template: { spec: { containers: { env?: unknown[] }[] } } }).template.spec;
  for (const c of spec.containers) c.env = [...env, ...(c.env ?? []).filter((e) => !env.some((p) => p.name === (e as { name: string }).name))];
  return ds;
}

const clusterAgentSecret: Obj = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: { name: 'datadog-cluster-agent', namespace: 'datadog' },
  data: { token: b64(TOKEN), 'api-key': b64(API_KEY) },
  stringData: { password: PASSWORD, 'app-key': APP_KEY },
};
const tokenSecret: Obj = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/service-account-token',
  metadata: { name: 'datadog-token', namespace: 'datadog', annotations: { 'kubernetes.io/service-account.name': 'datadog' } },
  data: { token: b64(TOKEN), 'ca.crt': b64(PASSWORD) },
};

async function release(): Promise<Obj> {
  const defaults = await bundledDefaults('3.240.0');
  const config = { datadog: { apiKey: API_KEY, appKey: APP_KEY }, clusterAgent: { enabled: true, token: TOKEN, env: [{ name: 'DB_PASSWORD', value: PASSWORD }] } };
  return helmReleaseSecret({ name: 'datadog', namespace: 'datadog', chartVersion: defaults.version, chartValues: defaults.values, config }) as Obj;
}

/** Every answer and every log line of a webhook, checked at the end of each test. */
function noLeak(t: Test, hook: TestWebhook, answers: HttpResult[]): void {
  for (const a of answers) t.same(leaks(a.text), [], `no secret in an answer (HTTP ${a.status}: ${a.text.slice(0, 80)}...)`);
  t.ok(hook.logs.raw.length > 0, `${hook.logs.raw.length} log lines written`);
  t.same(leaks(hook.logs.raw.join('\n')), [], 'no secret in any log line');
}

t.test('verdicts: deny messages and warnings about objects full of secrets', async (t) => {
  const hook = await startTestWebhook({ logLevel: 'debug' });
  t.teardown(() => hook.close());
  const rel = await release();
  const answers = await Promise.all([
    hook.post(admissionReview(app)),
    hook.post(admissionReview(agent())),
    hook.post(admissionReview(clusterAgentSecret)),
    hook.post(admissionReview(tokenSecret)),
    hook.post(admissionReview(rel)),
    hook.post(admissionReview(agent(), { operation: 'UPDATE', oldObject: agent() })),
    hook.post(admissionReview(app, { operation: 'UPDATE', oldObject: { ...app, metadata: { ...app.metadata, labels: { v: '1' } } } })),
  ]);
  const [appR, agentR, secretR, tokenR, releaseR, agentUpdate] = answers.map((a) => a.json.response as { allowed: boolean; status?: { message: string }; warnings?: string[] });
  t.equal(appR!.allowed, false, 'the app is denied (pod-port-clash)');
  t.equal(agentR!.allowed, false, 'the agent DaemonSet is denied (skip-ssl-validation-partial)');
  t.match(agentR!.status!.message, /28 characters/, 'its token is described by its length');
  t.equal(secretR!.allowed, true);
  t.equal(tokenR!.allowed, true);
  t.equal(releaseR!.allowed, false, 'the release is denied (its 28-character token)');
  t.match(releaseR!.status!.message, /28 characters long/);
  t.equal(agentUpdate!.allowed, true, 'an UPDATE that changes nothing is allowed');
  t.ok(agentUpdate!.warnings!.length > 0, 'with the old findings as warnings');
  noLeak(t, hook, answers);
  t.same(leaks((await httpGet(`${hook.opsUrl}/metrics`)).text), [], 'nor in the metrics');
});

/** A policy that throws with every secret it read in its message (plain and base64). */
const quotesSecrets: Rule = (model) => {
  const values = [
    ...model.secrets.flatMap((s) => s.entries.map((e) => e.value ?? '')),
    ...model.workloads.flatMap((w) => w.containers.flatMap((c) => c.env.map((e) => e.value ?? ''))),
  ].filter(Boolean);
  throw new Error(`cannot read ${values.map((v) => `${v} (${b64(v)})`).join(', ')}`);
};

t.test('a policy that throws with the secrets in its message: allowed, and masked in the log', async (t) => {
  const hook = await startTestWebhook({ logLevel: 'debug', policies: withThrowingPolicy(quotesSecrets) });
  t.teardown(() => hook.close());
  const answers = await Promise.all([app, agent(), clusterAgentSecret, tokenSecret, await release()].map((o) => hook.post(admissionReview(o))));
  t.ok(answers.every((a) => a.json.response.allowed === true && /could not check/.test(a.json.response.warnings[0])), 'each allowed unchecked');
  const errors = hook.logs.lines.filter((l) => l.verdict === 'error') as { error: { message: string; stack: string } }[];
  t.equal(errors.length, answers.length, 'each error logged');
  t.ok(errors.every((l) => l.error.message.startsWith('cannot read ') && l.error.message.includes('<redacted, ')), 'the message is logged, its secrets masked');
  noLeak(t, hook, answers);
});

t.test('a spent budget, malformed envelopes, a body over the limit: nothing echoed', async (t) => {
  const hook = await startTestWebhook({ logLevel: 'debug', budgetMs: 0.000001, bodyLimit: 64 * 1024 });
  t.teardown(() => hook.close());
  const review = admissionReview(app);
  const request = review.request as Record<string, unknown>;
  const answers = await Promise.all([
    hook.post(review),
    hook.post({ ...review, apiVersion: `admission.k8s.io/${API_KEY}` }),
    hook.post({ ...review, kind: TOKEN }),
    hook.post({ ...review, request: { ...request, uid: undefined, operation: PASSWORD } }),
    hook.post({ ...review, request: { ...request, object: `${TOKEN} ${b64(API_KEY)}` } }),
    hook.post(`{"apiVersion": "${TOKEN}", "kind": ${API_KEY}}`, { raw: true }),
    hook.post(`${APP_KEY} ${PASSWORD}`, { raw: true, contentType: 'text/plain' }),
    hook.post({ ...review, request: { ...request, object: { ...app, padding: `${TOKEN}`.repeat(4000) } } }),
  ]);
  t.same(
    answers.map((a) => a.status),
    [200, 400, 400, 400, 400, 400, 415, 413],
  );
  t.match(answers[0]!.json.response.warnings, [/evaluation budget of 0\.000001 ms exceeded/]);
  noLeak(t, hook, answers);
});
