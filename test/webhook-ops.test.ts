/**
 * Operating the webhook: the envelope (4xx for a malformed one, 413 past the body limit, HTTPS
 * only, TLS >= 1.2), the evaluation budget (allowed with a warning, logged, counted), logs without
 * secrets or objects, metrics, and the certificate reloaded from disk when cert-manager swaps it.
 */
import t from 'tap';
import https from 'node:https';
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { admissionReview, httpGet, httpsPost, startTestWebhook, testCertificate, until, type Obj } from './helpers/webhook.js';

const pod = (env: { name: string; value: string }[] = []): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', env, ports: [{ containerPort: 8126, hostPort: 8126 }] }, { name: 'side', image: 'busybox', ports: [{ containerPort: 8126 }] }] },
});

const hook = await startTestWebhook({ bodyLimit: 64 * 1024 });
t.teardown(() => hook.close());

t.test('a malformed envelope gets a 4xx, never a verdict made up', async (t) => {
  const url = `${hook.url}/validate`;
  const post = (body: unknown, o = {}) => httpsPost(url, body, { ca: hook.ca, ...o });
  const cases: [string, Promise<{ status: number; json: Record<string, any> }>, number, RegExp][] = [
    ['not JSON', post('{"apiVersion": ', { raw: true }), 400, /JSON/i],
    ['not an object', post([1, 2]), 400, /not an AdmissionReview object/],
    ['v1beta1', post({ ...admissionReview(pod()), apiVersion: 'admission.k8s.io/v1beta1' }), 400, /apiVersion must be admission\.k8s\.io\/v1/],
    ['another kind', post({ ...admissionReview(pod()), kind: 'TokenReview' }), 400, /kind must be AdmissionReview/],
    ['no request', post({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), 400, /request is missing/],
    ['no uid', post(((r) => (delete (r.request as Record<string, unknown>).uid, r))(admissionReview(pod()))), 400, /request\.uid is missing/],
    ['object is a string', post(((r) => (((r.request as Record<string, unknown>).object = 'x'), r))(admissionReview(pod()))), 400, /request\.object must be an object/],
    ['text/plain', post('hello', { raw: true, contentType: 'text/plain' }), 415, /Unsupported Media Type|content-type/i],
    // Prototype poisoning, plain and written with escapes (the parser's fast path must not let them by).
    ['__proto__', post(JSON.stringify(admissionReview(pod())).replace('"metadata":', '"__proto__":{"x":1},"metadata":'), { raw: true }), 400, /FST_ERR_CTP_INVALID_JSON_BODY/],
    ['escaped __proto__', post(JSON.stringify(admissionReview(pod())).replace('"metadata":', '"\\u005f_proto__":{"x":1},"metadata":'), { raw: true }), 400, /FST_ERR_CTP_INVALID_JSON_BODY/],
    ['constructor.prototype', post(JSON.stringify(admissionReview(pod())).replace('"metadata":', '"constructor":{"prototype":{"x":1}},"metadata":'), { raw: true }), 400, /FST_ERR_CTP_INVALID_JSON_BODY/],
  ];
  for (const [name, res, status, message] of cases) {
    const r = await res;
    t.equal(r.status, status, `${name}: ${status}`);
    t.match(JSON.stringify(r.json), message, `${name}: says why`);
  }
  t.equal(hook.metrics.requests.get({ kind: '', operation: '', verdict: 'malformed' }), 6, 'counted');
});

t.test('body limit: 413', async (t) => {
  const big = pod([{ name: 'PADDING', value: 'x'.repeat(100 * 1024) }]);
  const r = await httpsPost(`${hook.url}/validate`, admissionReview(big), { ca: hook.ca });
  t.equal(r.status, 413);
  const ok = await httpsPost(`${hook.url}/validate`, admissionReview(pod()), { ca: hook.ca });
  t.equal(ok.status, 200, 'under the limit: a verdict');
});

t.test('HTTPS only, TLS 1.2 at least; operations on their own plain-HTTP port', async (t) => {
  const port = new URL(hook.url).port;
  const plain = await new Promise<string>((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/validate', method: 'POST' }, (res) => resolve(`HTTP ${res.statusCode}`));
    req.on('error', (e) => resolve(e.message));
    req.end('{}');
  });
  t.notMatch(plain, /^HTTP 200/, `plain HTTP to the admission port gets no verdict (${plain})`);

  const tls11 = await httpsPost(`${hook.url}/validate`, admissionReview(pod()), { ca: hook.ca, tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } }).then(
    () => 'connected',
    (e: Error) => e.message,
  );
  t.match(tls11, /alert protocol version/, `the server refuses a TLS 1.1 client (${tls11})`);
  const tls12 = await httpsPost(`${hook.url}/validate`, admissionReview(pod()), { ca: hook.ca, tls: { maxVersion: 'TLSv1.2' } });
  t.equal(tls12.status, 200, 'TLS 1.2 is served');

  t.equal((await httpGet(`${hook.opsUrl}/healthz`)).status, 200);
  t.equal((await httpGet(`${hook.opsUrl}/validate`)).status, 404, 'no admission on the operations port');
});

t.test('evaluation budget: past it, allowed with a warning, logged and counted', async (t) => {
  const slow = await startTestWebhook({ budgetMs: 0.000001 });
  t.teardown(() => slow.close());
  const r = await slow.review(pod());
  t.equal(r.allowed, true);
  t.same(r.warnings, ['dd-lint could not check Pod shop/web: evaluation budget of 0.000001 ms exceeded; it was allowed unchecked.']);
  t.equal(slow.metrics.errors.get({ reason: 'timeout' }), 1);
  t.ok(slow.logs.lines.some((l) => l.level === 50 && l.reason === 'timeout' && l.verdict === 'error'));
});

t.test('logs: JSON, one line per decision, no object and no secret', async (t) => {
  const secretValue = 'pw-3f9a1c0d7e5b2a4c6e8f0a1b';
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'shop' }, data: { password: Buffer.from(secretValue).toString('base64') }, stringData: { token: secretValue } };
  await hook.review(secret);
  const denied = await hook.review(pod([{ name: 'DD_API_KEY', value: secretValue }]));
  t.equal(denied.allowed, false, 'two containers bind 8126: pod-port-clash denies');
  const line = hook.logs.lines.find((l) => l.verdict === 'denied');
  t.match(line, { kind: 'Pod', namespace: 'shop', name: 'web', operation: 'CREATE', verdict: 'denied', findings: [/^pod-port-clash:deny/] });
  t.ok(hook.logs.raw.every((l) => !l.includes(secretValue) && !l.includes(Buffer.from(secretValue).toString('base64'))), 'no secret value in any log line');
  t.ok(hook.logs.raw.every((l) => !l.includes('"spec"') && !l.includes('nginx:1.27')), 'no object in any log line');
  t.notOk(JSON.stringify(denied).includes(secretValue), 'nor in the answer');
});

t.test('metrics: requests by kind/operation/verdict, latency, findings by policy', async (t) => {
  const text = (await httpGet(`${hook.opsUrl}/metrics`)).text;
  t.match(text, /dd_lint_webhook_requests_total\{kind="Pod",operation="CREATE",verdict="denied"\} \d+/);
  t.match(text, /dd_lint_webhook_requests_total\{kind="Secret",operation="CREATE",verdict="allowed"\} 1/);
  t.match(text, /# TYPE dd_lint_webhook_request_duration_seconds histogram\n(dd_lint_webhook_request_duration_seconds_bucket\{le="[^"]+"\} \d+\n)+/);
  t.match(text, /dd_lint_webhook_request_duration_seconds_count \d+/);
  t.match(text, /dd_lint_webhook_findings_total\{policy="pod-port-clash",severity="error",action="deny"\} \d+/);
  t.match(text, /dd_lint_webhook_cluster_context 0/);
});

/** A directory laid out as a mounted Secret: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>. */
function mountedSecret(dir: string, pair: { cert: string; key: string }, generation: number): void {
  const target = `..gen${generation}`;
  mkdirSync(join(dir, target));
  writeFileSync(join(dir, target, 'tls.crt'), pair.cert);
  writeFileSync(join(dir, target, 'tls.key'), pair.key);
  symlinkSync(target, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data')); // the atomic swap the kubelet does
  if (generation === 1) {
    symlinkSync('..data/tls.crt', join(dir, 'tls.crt'));
    symlinkSync('..data/tls.key', join(dir, 'tls.key'));
  }
}

t.test('a certificate swapped on disk is served to new connections, without a restart', async (t) => {
  const [a, b] = await Promise.all([testCertificate(), testCertificate()]);
  const read = (c: typeof a) => ({ cert: readFileSync(c.certFile, 'utf8'), key: readFileSync(c.keyFile, 'utf8') });
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-webhook-mount-'));
  mountedSecret(dir, read(a), 1);
  const served = await startTestWebhook({ certificate: a, tls: { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') }, tlsPollMs: 500 });
  t.teardown(() => served.close());
  const fingerprint = (c: typeof a) => new X509Certificate(readFileSync(c.certFile)).fingerprint256;
  const seen = async (ca: string) => (await httpsPost(`${served.url}/validate`, admissionReview(pod()), { ca })).certificate?.fingerprint256;
  t.equal(await seen(a.ca), fingerprint(a), 'serves the first certificate');

  // A half-done rotation (certificate of one pair, key of another) is not loaded.
  mountedSecret(dir, { cert: read(b).cert, key: read(a).key }, 2);
  await until(() => served.metrics.tlsReloads.get({ result: 'error' }) === 1, 'the bad pair to be refused');
  t.equal(await seen(a.ca), fingerprint(a), 'a mismatched pair is refused; the old certificate stays');

  mountedSecret(dir, read(b), 3);
  await until(() => served.metrics.tlsReloads.get({ result: 'ok' }) === 1, 'the reload');
  t.equal(await seen(b.ca), fingerprint(b), 'new connections get the new certificate');
  t.match((await httpGet(`${served.opsUrl}/metrics`)).text, /dd_lint_webhook_tls_reloads_total\{result="ok"\} 1/);
});

t.test('the self-signed certificate is for localhost and 127.0.0.1 and is its own CA', async (t) => {
  const c = await testCertificate();
  const x = new X509Certificate(readFileSync(c.certFile));
  t.equal(x.ca, true);
  t.equal(x.checkHost('localhost'), 'localhost');
  t.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
  t.match(x.subjectAltName, /DNS:localhost/);
  const agent = new https.Agent({ ca: c.ca });
  t.teardown(() => agent.destroy());
  t.match(Buffer.from(c.caBundle, 'base64').toString(), /^-----BEGIN CERTIFICATE-----/);
});
