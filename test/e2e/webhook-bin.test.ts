/**
 * `dd-lint-webhook` as users run it: no flags (self-signed certificate printed with its CA bundle,
 * no cluster context said at start), flags and their environment variables, usage errors,
 * SIGTERM while requests are in flight: none is lost, new connections are refused, exit 0; and as
 * the chart runs it (its own certificate, the audit) against a fake API server.
 */
import t from 'tap';
import https from 'node:https';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parseYamlDocuments } from '../../src/load/yaml-documents.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { admissionReview, httpGet, httpsPost, type Obj } from '../helpers/webhook.js';
import { isolatedEnv, startBin, WEBHOOK_BIN } from '../helpers/webhook-bin.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { FakeApiServer } from '../helpers/fake-apiserver.js';
import { until } from '../helpers/webhook.js';

/** The agent DaemonSet of a fixture with DD_SKIP_SSL_VALIDATION in one container only: denied in enforce mode. */
const badAgent = parseYamlDocuments('r', readFileSync(join(FIXTURES_DIR, 's001-ssl-agent-only', 'rendered.yaml'), 'utf8'), { keepKind: (k) => k === 'DaemonSet' })
  .map((d) => d.value as Obj)
  .find((o) => o?.kind === 'DaemonSet')!;

t.test('no flags: a self-signed certificate for localhost, its CA bundle printed, no cluster context said', async (t) => {
  const env = isolatedEnv();
  const bin = await startBin([], env);
  t.teardown(() => void bin.child.kill('SIGKILL'));
  const err = bin.stderr();
  const certFile = /^dd-lint-webhook: +certificate (\S+)$/m.exec(err)![1]!;
  t.equal(certFile, join(env.DD_LINT_WEBHOOK_CERT_DIR!, 'tls.crt'), 'says where the certificate is');
  const caBundle = /\n([A-Za-z0-9+/=]{200,})\n/.exec(err)![1]!;
  const pem = Buffer.from(caBundle, 'base64').toString('utf8');
  t.equal(new X509Certificate(pem).fingerprint256, new X509Certificate(readFileSync(certFile)).fingerprint256, 'the CA bundle is the certificate');
  t.match(err, /cluster context: none \(no --kubeconfig, \$KUBECONFIG, in-cluster service account or ~\/\.kube\/config\)/);
  t.match(bin.url, /^https:\/\/127\.0\.0\.1:\d+$/, 'listens on 127.0.0.1');
  t.match(bin.opsUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

  const r = await httpsPost(`${bin.url}/validate`, admissionReview(badAgent), { ca: pem });
  t.equal(r.status, 200, 'the printed CA bundle verifies the server');
  t.equal(r.json.response.allowed, false, 'enforce by default');
  t.equal((await httpGet(`${bin.opsUrl}/readyz`)).status, 200);
  t.match(bin.stdout(), /"msg":"admission"/, 'pino JSON logs on stdout');

  bin.child.kill('SIGTERM');
  t.same(await bin.exited, { code: 0, signal: null });
  const again = await startBin([], env);
  t.teardown(() => void again.child.kill('SIGKILL'));
  t.match(again.stderr(), /reusing the self-signed certificate/, 'the next run reuses it (the CA bundle stays the same)');
  again.child.kill('SIGTERM');
  await again.exited;
});

t.test('every flag is also an environment variable; the config file is the CLI one', async (t) => {
  const env = isolatedEnv({ DD_LINT_WEBHOOK_MODE: 'warn', DD_LINT_WEBHOOK_NO_CLUSTER: '1' });
  const bin = await startBin([], env);
  t.teardown(() => void bin.child.kill('SIGKILL'));
  t.match(bin.stderr(), /cluster context: off \(--no-cluster\)/);
  t.match(bin.stderr(), /mode warn/);
  const ca = readFileSync(join(env.DD_LINT_WEBHOOK_CERT_DIR!, 'tls.crt'), 'utf8');
  const r = await httpsPost(`${bin.url}/validate`, admissionReview(badAgent), { ca });
  t.equal(r.json.response.allowed, true, 'DD_LINT_WEBHOOK_MODE=warn: allowed');
  t.ok((r.json.response.warnings as string[]).some((w) => w.startsWith('dd-lint error skip-ssl-validation-partial: ')), 'the error is a warning');
  bin.child.kill('SIGTERM');
  await bin.exited;

  const config = join(env.HOME!, 'dd-lint.yaml');
  writeFileSync(config, 'webhook:\n  mode: audit\n  excludeNamespaces: [legacy]\n');
  const configured = await startBin(['--config', config, '--no-cluster'], env);
  t.teardown(() => void configured.child.kill('SIGKILL'));
  t.match(configured.stderr(), /mode warn/, 'the environment variable beats the config file');
  t.match(configured.stderr(), /never evaluated: namespaces kube-system, legacy/);
  configured.child.kill('SIGTERM');
  await configured.exited;

  // The config's custom JSON-Schema policies apply too.
  writeFileSync(config, `customPolicies: [${join(REPO_ROOT, 'policies', 'examples')}]\n`);
  const withCustom = await startBin(['--config', config, '--no-cluster'], isolatedEnv({ DD_LINT_WEBHOOK_CERT_DIR: env.DD_LINT_WEBHOOK_CERT_DIR! }));
  t.teardown(() => void withCustom.child.kill('SIGKILL'));
  t.match(withCustom.stderr(), /custom policies: .*agent-image-pinned/);
  const floating = structuredClone(badAgent) as any;
  floating.spec.template.spec.containers[0].image = 'gcr.io/datadoghq/agent:latest';
  const c = await httpsPost(`${withCustom.url}/validate`, admissionReview(floating), { ca });
  t.ok((c.json.response.warnings as string[]).some((w) => w.startsWith('dd-lint warning agent-image-pinned: ')), 'a custom policy warns');
  withCustom.child.kill('SIGTERM');
  await withCustom.exited;
});

t.test('--kubeconfig: informers on that cluster; not ready until synced, then cross-object verdicts', async (t) => {
  const fake = new FakeApiServer();
  await fake.start();
  t.teardown(() => fake.stop());
  const docs = (fixture: string, kind: string) =>
    parseYamlDocuments('r', readFileSync(join(FIXTURES_DIR, fixture, 'rendered.yaml'), 'utf8'), { keepKind: (k) => k === kind }).map((d) => d.value as Obj).filter((o) => o?.kind === kind);
  fake.apply(docs('s001-apm-default', 'DaemonSet')[0] as never);
  const env = isolatedEnv();
  const kubeconfig = join(env.HOME!, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: ${fake.url}\n    insecure-skip-tls-verify: true\nusers:\n- name: tester\n  user: {}\ncontexts:\n- name: fake\n  context: {cluster: fake, user: tester}\ncurrent-context: fake\n`,
  );
  const bin = await startBin(['--kubeconfig', kubeconfig], env);
  t.teardown(() => void bin.child.kill('SIGKILL'));
  t.match(bin.stderr(), `cluster context: informers on kubeconfig ${kubeconfig}`);
  await until(async () => (await httpGet(`${bin.opsUrl}/readyz`)).status === 200, 'ready', 10_000);
  const ca = readFileSync(join(env.DD_LINT_WEBHOOK_CERT_DIR!, 'tls.crt'), 'utf8');
  const app = (await import('yaml')).parse(readFileSync(join(FIXTURES_DIR, 's001-apm-default', 'app.yaml'), 'utf8')) as Obj;
  const r = await httpsPost(`${bin.url}/validate`, admissionReview(app), { ca });
  t.equal(r.json.response.allowed, false, 'the app is judged against the agent in the cluster');
  t.match(r.json.response.status.message, /^Deployment default\/rayne: \[apm-hostip-unreachable\]/);
  bin.child.kill('SIGTERM');
  t.same(await bin.exited, { code: 0, signal: null });
});

t.test('as the chart runs it: its own certificate (made, published as the caBundle, served) and the audit writing PolicyReports', async (t) => {
  const fake = new FakeApiServer();
  await fake.start();
  t.teardown(() => fake.stop());
  const vwc = 'dd-lint-dd-lint-webhook';
  fake.apply({ kind: 'ValidatingWebhookConfiguration', metadata: { name: vwc }, webhooks: [{ name: 'validate.x', clientConfig: { service: { name: vwc, namespace: 'dd-lint', path: '/validate', port: 443 } } }] } as never);
  const docs = (fixture: string, kind: string) =>
    parseYamlDocuments('r', readFileSync(join(FIXTURES_DIR, fixture, 'rendered.yaml'), 'utf8'), { keepKind: (k) => k === kind }).map((d) => d.value as Obj).filter((o) => o?.kind === kind);
  fake.apply(docs('s001-apm-default', 'DaemonSet')[0] as never);
  fake.apply((await import('yaml')).parse(readFileSync(join(FIXTURES_DIR, 's001-apm-default', 'app.yaml'), 'utf8')) as never);
  const env = isolatedEnv({ POD_NAME: 'dd-lint-0' });
  const kubeconfig = join(env.HOME!, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: ${fake.url}\n    insecure-skip-tls-verify: true\nusers:\n- name: tester\n  user: {}\ncontexts:\n- name: fake\n  context: {cluster: fake, user: tester}\ncurrent-context: fake\n`,
  );
  const dns = `${vwc}.dd-lint.svc`;
  const bin = await startBin(
    ['--kubeconfig', kubeconfig, '--namespace', 'dd-lint', '--cert-secret', `${vwc}-tls`, '--webhook-configuration', vwc, '--dns-names', `${vwc},${dns}`, '--audit', '--audit-debounce-ms', '50', '--audit-min-write-ms', '0'],
    env,
  );
  t.teardown(() => void bin.child.kill('SIGKILL'));
  t.match(bin.stderr(), `serving certificate: managed in Secret dd-lint/${vwc}-tls (caBundle of ${vwc})`);
  t.match(bin.stderr(), 'audit: judging what the cluster runs');
  const caBundle = Buffer.from((fake.get('ValidatingWebhookConfiguration', '', vwc) as unknown as { webhooks: { clientConfig: { caBundle: string } }[] }).webhooks[0]!.clientConfig.caBundle, 'base64').toString('utf8');
  t.equal(caBundle, Buffer.from((fake.get('Secret', 'dd-lint', `${vwc}-tls`)!.data as Record<string, string>)['ca.crt']!, 'base64').toString('utf8'), 'the caBundle is the CA of the Secret it made');
  const served = await new Promise<X509Certificate>((resolve, reject) => {
    const req = https.get(`${bin.url}/healthz`, { ca: caBundle, servername: dns, checkServerIdentity: () => undefined, agent: false }, (res) => {
      resolve(new X509Certificate((res.socket as import('node:tls').TLSSocket).getPeerCertificate().raw));
      res.resume();
    });
    req.on('error', reject);
  });
  t.equal(served.checkHost(dns), dns, 'served, trusted through the caBundle, for the Service name');
  await until(() => !!fake.get('PolicyReport', 'default', 'dd-lint'), 'the audit report', 10_000);
  const results = (fake.get('PolicyReport', 'default', 'dd-lint') as unknown as { results: { policy: string; result: string }[] }).results;
  t.same(results.filter((r) => r.policy === 'apm-hostip-unreachable').map((r) => r.result), ['fail'], 'what already runs is reported');
  t.equal((fake.get('Lease', 'dd-lint', 'dd-lint-webhook-audit')!.spec as { holderIdentity: string }).holderIdentity, 'dd-lint-0', 'written by the audit Lease holder');
  t.match((await httpGet(`${bin.opsUrl}/metrics`)).text, /^dd_lint_webhook_audit_results\{policy="apm-hostip-unreachable",result="fail"\} 1$/m);
  bin.child.kill('SIGTERM');
  t.same(await bin.exited, { code: 0, signal: null });
});

t.test('usage errors: exit 2 with one line, no stack', async (t) => {
  const run = (args: string[], extra: Record<string, string> = {}) => spawnSync(process.execPath, [WEBHOOK_BIN, ...args], { env: isolatedEnv(extra), encoding: 'utf8' });
  const cases: [string[], RegExp][] = [
    [['--mode', 'strict'], /--mode must be one of enforce, warn, audit/],
    [['--tls-cert', '/x.pem'], /--tls-cert and --tls-key go together/],
    [['--port', 'http'], /--port must be a port number/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--cert-secret', 'x'], /--cert-secret needs --webhook-configuration and --dns-names/],
    [['--cert-secret', 'x', '--webhook-configuration', 'y', '--dns-names', 'z', '--namespace', 'n'], /--cert-secret needs the API server/],
    [['--audit', '--no-cluster'], /--audit needs the cluster context/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    t.equal(r.status, 2, args.join(' '));
    t.match(r.stderr, message);
    t.notMatch(r.stderr, /\n\s+at /, 'no stack');
  }
  const help = run(['--help']);
  t.equal(help.status, 0);
  t.match(help.stdout, /--port\s+HTTPS port of POST \/validate \[DD_LINT_WEBHOOK_PORT\] \(default 8443\)/);
  t.match(help.stdout, /--metrics-port .*\(default 8080\)/);
  t.match(help.stdout, /--host .*\(default 127\.0\.0\.1\)/);
});

t.test('SIGTERM with requests in flight: every one is answered, new connections are refused, exit 0', async (t) => {
  const env = isolatedEnv();
  const bin = await startBin(['--no-cluster'], env);
  t.teardown(() => void bin.child.kill('SIGKILL'));
  const ca = readFileSync(join(env.DD_LINT_WEBHOOK_CERT_DIR!, 'tls.crt'), 'utf8');
  const N = 24;
  // Each request sends its headers and half of its body, then waits: it is in flight on the server.
  const inFlight = Array.from({ length: N }, (_, i) => {
    const body = Buffer.from(JSON.stringify(admissionReview(badAgent, { uid: `uid-${i}` })));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const answer = new Promise<{ status: number; uid: string; allowed: boolean }>((resolve, reject) => {
      const req = https.request(`${bin.url}/validate`, { method: 'POST', ca, agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve({ status: res.statusCode!, uid: json.response.uid, allowed: json.response.allowed });
        });
      });
      req.on('error', reject);
      req.write(body.subarray(0, body.length >> 1));
      void gate.then(() => req.end(body.subarray(body.length >> 1)));
    });
    return { release, answer };
  });
  await new Promise((r) => setTimeout(r, 500)); // headers and half bodies reach the server
  bin.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300)); // it stops accepting
  const refused = await httpsPost(`${bin.url}/validate`, admissionReview(badAgent), { ca }).then(
    (r) => `HTTP ${r.status}`,
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );
  t.equal(refused, 'ECONNREFUSED', 'a new connection after SIGTERM is refused');
  for (const r of inFlight) r.release();
  const answers = await Promise.all(inFlight.map((r) => r.answer));
  t.same(
    answers.map((a) => [a.status, a.uid, a.allowed]),
    Array.from({ length: N }, (_, i) => [200, `uid-${i}`, false]),
    `all ${N} requests in flight got their verdict`,
  );
  t.same(await bin.exited, { code: 0, signal: null }, 'then it exits 0');
  t.match(bin.stdout(), /"msg":"stopping: no new connections; finishing requests in flight"/);
  t.match(bin.stdout(), /"msg":"stopped"/);
});
