/**
 * The webhook's own serving certificate (--cert-secret), against the fake API server: made once
 * into a Secret and published as the caBundle, served by every replica, written by the Lease
 * holder only, renewed before expiry under the same CA, a new CA published next to the old one,
 * and an earlier chart's Secret taken over as it is.
 */
import t from 'tap';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { CertController } from '../webhook/certs/controller.js';
import { LeaseLock } from '../webhook/certs/lease.js';
import { makeCA, makeServing, DAY_MS } from '../webhook/certs/authority.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { fakeKubeConfig, startTestWebhook } from './helpers/webhook.js';

const NS = 'dd-lint-system';
const SECRET = 'dd-lint-dd-lint-webhook-tls';
const VWC = 'dd-lint-dd-lint-webhook';
const DNS = ['dd-lint-dd-lint-webhook', `dd-lint-dd-lint-webhook.${NS}`, `dd-lint-dd-lint-webhook.${NS}.svc`, `dd-lint-dd-lint-webhook.${NS}.svc.cluster.local`];

const vwc = () => ({
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: VWC },
  webhooks: [{ name: `validate.${VWC}.${NS}.svc`, clientConfig: { service: { name: VWC, namespace: NS, path: '/validate', port: 443 } } }],
});

/** A subtest (the last overload of t.test takes only the callback). */
type Test = Parameters<Parameters<typeof t.test>[0]>[0];
// Objects read back from the fake API server are loosely typed JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function setup(t: Test) {
  const fake = new FakeApiServer();
  await fake.start();
  t.teardown(() => fake.stop());
  fake.apply(vwc() as never);
  let clock = Date.now();
  const kubeConfig = fakeKubeConfig(fake);
  const replica = (identity: string) => {
    const served: string[] = [];
    const controller = new CertController({
      kubeConfig,
      namespace: NS,
      secretName: SECRET,
      webhookConfiguration: VWC,
      dnsNames: DNS,
      lease: new LeaseLock({ kubeConfig, namespace: NS, name: SECRET, identity, durationSeconds: 30, now: () => clock }),
      caValidityDays: 3650,
      certValidityDays: 365,
      renewBeforeDays: 30,
      onCertificate: (pair) => served.push(pair.cert),
      onError: (err) => t.fail(`${identity}: ${err.message}`),
      now: () => clock,
    });
    return { controller, served };
  };
  const writes = () => fake.requests.filter((r) => r.method !== 'GET' && !r.path.includes('/leases')).map((r) => `${r.method} ${r.path}`);
  const secretData = () => fake.get('Secret', NS, SECRET)?.data as Record<string, string> | undefined;
  const pem = (k: string) => Buffer.from(secretData()![k]!, 'base64').toString('utf8');
  const caBundle = () => Buffer.from(((fake.get('ValidatingWebhookConfiguration', '', VWC) as Loose).webhooks[0].clientConfig.caBundle ?? '') as string, 'base64').toString('utf8');
  return { fake, replica, writes, secretData, pem, caBundle, advance: (ms: number) => (clock += ms), now: () => clock };
}


const trusted = (certPem: string, bundlePem: string) => {
  const cert = new X509Certificate(certPem);
  const blocks = bundlePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.some((b) => {
    const ca = new X509Certificate(b);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  });
};

t.test('the first replica makes the CA and certificate, publishes the caBundle; the second only reads', async (t) => {
  const s = await setup(t);
  const a = s.replica('pod-a');
  const b = s.replica('pod-b');
  await a.controller.reconcileOnce();
  t.same(s.writes(), [`POST /api/v1/namespaces/${NS}/secrets`, `PATCH /apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${VWC}`]);
  t.same(Object.keys(s.secretData()!).sort(), ['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
  t.equal(s.caBundle(), s.pem('ca.crt'), 'the caBundle is the CA of the Secret');
  t.equal(a.served.length, 1);
  t.equal(a.served[0], s.pem('tls.crt'), 'served what the Secret holds');
  const cert = new X509Certificate(a.served[0]!);
  for (const n of DNS) t.equal(cert.checkHost(n), n, `for ${n}`);
  t.ok(trusted(a.served[0]!, s.caBundle()), 'signed by the published CA');

  const before = s.writes().length;
  await b.controller.reconcileOnce();
  await a.controller.reconcileOnce();
  t.same(b.served, a.served, 'the other replica serves the same certificate');
  t.equal(s.writes().length, before, 'nothing is rewritten when nothing changed');
  t.equal((s.fake.get('Lease', NS, SECRET)!.spec as Loose).holderIdentity, 'pod-a', 'pod-a holds the Lease');
});

t.test('while another replica holds the Lease, nothing is written; once it expires, this one writes', async (t) => {
  const s = await setup(t);
  const renewed = new Date(s.now()).toISOString();
  s.fake.apply({ kind: 'Lease', metadata: { name: SECRET, namespace: NS }, spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 30, renewTime: renewed, acquireTime: renewed } } as never);
  const b = s.replica('pod-b');
  await b.controller.reconcileOnce();
  t.same(s.writes(), [], 'pod-a holds the Lease: pod-b writes nothing');
  t.same(b.served, [], 'and has nothing to serve yet');
  s.advance(31_000);
  await b.controller.reconcileOnce();
  t.equal((s.fake.get('Lease', NS, SECRET)!.spec as Loose).holderIdentity, 'pod-b', 'the expired Lease is taken');
  t.equal((s.fake.get('Lease', NS, SECRET)!.spec as Loose).leaseTransitions, 1);
  t.same(b.served, [s.pem('tls.crt')], 'and the certificate made');
});

t.test('renewal before expiry keeps the CA; a CA near its end is replaced and published next to the old one', async (t) => {
  const s = await setup(t);
  const a = s.replica('pod-a');
  const b = s.replica('pod-b');
  await a.controller.reconcileOnce();
  const ca1 = s.pem('ca.crt');
  const cert1 = s.pem('tls.crt');

  s.advance(336 * DAY_MS); // 29 days before the certificate's end: inside renewBefore (30 days)
  await b.controller.reconcileOnce(); // pod-a's Lease expired long ago: pod-b takes it and renews
  const cert2 = s.pem('tls.crt');
  t.not(cert2, cert1, 'a new certificate');
  t.equal(s.pem('ca.crt'), ca1, 'under the same CA');
  t.equal(s.caBundle(), ca1, 'the caBundle did not change');
  t.same(b.served.slice(-1), [cert2]);
  await a.controller.reconcileOnce();
  t.same(a.served, [cert1, cert2], 'pod-a picks up the renewed certificate from the Secret');
  t.equal((s.fake.get('Lease', NS, SECRET)!.spec as Loose).holderIdentity, 'pod-b', 'pod-b still holds the Lease: pod-a only read');

  s.advance((3650 - 336 - 20) * DAY_MS); // 20 days before the CA's end
  await b.controller.reconcileOnce();
  const bundle = s.caBundle();
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----/g)!.length;
  t.equal(blocks, 2, 'the new CA and the old one');
  t.ok(bundle.includes(ca1.trim()), 'the old CA stays trusted while replicas still serve under it');
  t.ok(trusted(s.pem('tls.crt'), bundle) && !trusted(s.pem('tls.crt'), ca1), 'the new certificate is under the new CA');
});

t.test("an earlier chart's Secret (no CA key) is taken over, not regenerated; the caBundle Helm dropped is restored", async (t) => {
  const s = await setup(t);
  const ca = await makeCA('legacy-ca', 3650);
  const serving = await makeServing(ca, DNS, 3650);
  const b64 = (x: string) => Buffer.from(x).toString('base64');
  const legacy = { 'ca.crt': b64(ca.cert), 'tls.crt': b64(serving.cert), 'tls.key': b64(serving.key) };
  s.fake.apply({ kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: SECRET, namespace: NS, annotations: { 'meta.helm.sh/release-name': 'dd-lint' } }, data: legacy } as never);
  const a = s.replica('pod-a');
  await a.controller.reconcileOnce();
  t.same(s.secretData(), legacy, 'the same CA, certificate and key');
  t.same(a.served, [serving.cert]);
  t.equal(s.caBundle(), ca.cert, 'the caBundle is the old CA again');
  t.match(s.fake.get('Secret', NS, SECRET)!.metadata, { annotations: { 'dd-lint.io/cert-controller': 'true', 'helm.sh/resource-policy': 'keep' } });
});

t.test('a running webhook serves the managed certificate and switches to a renewed one without a restart', async (t) => {
  const s = await setup(t);
  const a = s.replica('pod-a');
  await a.controller.reconcileOnce();
  const hook = await startTestWebhook({ tls: { cert: s.pem('tls.crt'), key: s.pem('tls.key') } });
  t.teardown(() => hook.close());
  const peer = (ca: string) =>
    new Promise<string>((resolve, reject) => {
      const req = https.get(`${hook.url}/validate`, { ca, servername: DNS[2], agent: false, checkServerIdentity: () => undefined }, (res) => {
        resolve((res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256);
        res.resume();
      });
      req.on('error', reject);
    });
  const fp = (p: string) => new X509Certificate(p).fingerprint256;
  t.equal(await peer(s.caBundle()), fp(s.pem('tls.crt')), 'trusted through the published caBundle');
  s.advance(340 * DAY_MS);
  await a.controller.reconcileOnce();
  hook.setCertificate({ cert: s.pem('tls.crt'), key: s.pem('tls.key') });
  t.equal(await peer(s.caBundle()), fp(s.pem('tls.crt')), 'the renewed certificate, same caBundle');
});
