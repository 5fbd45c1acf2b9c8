/**
 * Cross-object findings name the release an app was judged against when the input holds several
 * releases (prod and staging side by side), and say nothing more when it holds one.
 */
import t from 'tap';
import { writeTree } from './helpers/tree.js';
import { ddLint } from './helpers/cli.js';

const CLEAN = 'datadog:\n  apiKeyExistingSecret: datadog-secret\n';
const APM_PORT = 'datadog:\n  apiKeyExistingSecret: datadog-secret\n  apm:\n    portEnabled: true\n';
/** An app whose tracer (DD_TRACE_* is the evidence) sends to the node IP. */
const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: web
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: shop
          image: shop:1
          env:
            - name: DD_AGENT_HOST
              valueFrom:
                fieldRef:
                  fieldPath: status.hostIP
            - name: DD_TRACE_SAMPLE_RATE
              value: "1"
`;
/** A NodePort on the trace-agent's host port (a cluster whose NodePort range was widened). */
const NODEPORT = `apiVersion: v1
kind: Service
metadata:
  name: shop
  namespace: web
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: 8126
`;
const UNREACHABLE = "Deployment web/shop container shop sends traces to status.hostIP:8126 (DD_AGENT_HOST), but DaemonSet datadog/datadog has no hostPort 8126/TCP and no hostNetwork: traced apps get \"connection refused\" on <node IP>:8126";
const CONFLICT = 'NodePort of Service web/shop is 8126/TCP, which hostPort of DaemonSet datadog/datadog container trace-agent already binds on every node: kube-proxy logs "bind: address already in use" and the NodePort never opens';

type Json = { findings: { ruleId: string; message: string; location: { file: string; line: number } }[] };
const messages = (stdout: string, ruleId: string) => (JSON.parse(stdout) as Json).findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.location.file}:${f.location.line} ${f.message}`);

t.test('one release: the message names no release', async (t) => {
  const dir = writeTree({ 'clusters/prod/values.yaml': CLEAN, 'apps/shop.yaml': APP });
  const r = ddLint(['--format', 'json', '.'], { cwd: dir });
  t.equal(r.code, 1);
  t.same(messages(r.stdout, 'apm-hostip-unreachable'), [`apps/shop.yaml:19 ${UNREACHABLE}.`]);
});

t.test('two releases, both deaf: the app was judged against both, and the message names them', async (t) => {
  const dir = writeTree({ 'clusters/prod/values.yaml': CLEAN, 'clusters/staging/values.yaml': CLEAN, 'apps/shop.yaml': APP });
  for (const args of [['.'], ['clusters/staging/values.yaml', 'clusters/prod/values.yaml', 'apps/shop.yaml']]) {
    const r = ddLint(['--format', 'json', ...args], { cwd: dir });
    t.equal(r.code, 1, args.join(' '));
    t.same(
      messages(r.stdout, 'apm-hostip-unreachable'),
      [`apps/shop.yaml:19 ${UNREACHABLE} (judged against releases datadog/datadog from clusters/prod/values.yaml and datadog/datadog from clusters/staging/values.yaml).`],
      `whatever the order: ${args.join(' ')}`,
    );
  }
});

t.test('two releases, one binds the port: the NodePort finding names the release whose agent binds it', async (t) => {
  const dir = writeTree({ 'clusters/prod/values.yaml': APM_PORT, 'clusters/staging/values.yaml': CLEAN, 'apps/shop-service.yaml': NODEPORT });
  const r = ddLint(['--format', 'json', '.'], { cwd: dir });
  t.equal(r.code, 1);
  t.same(messages(r.stdout, 'nodeport-host-port-conflict'), [`apps/shop-service.yaml:10 ${CONFLICT} (judged against release datadog/datadog from clusters/prod/values.yaml).`]);
});

t.test('a release read from a wrapper is named by its namespace, name and wrapper', async (t) => {
  const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog-staging
  namespace: argocd
spec:
  source:
    repoURL: https://helm.datadoghq.com
    chart: datadog
    targetRevision: 3.240.0
    helm:
      releaseName: datadog
      values: |
        datadog:
          apiKeyExistingSecret: datadog-secret
  destination:
    namespace: monitoring
`;
  const dir = writeTree({ 'clusters/prod/values.yaml': CLEAN, 'clusters/staging/datadog-app.yaml': app, 'apps/shop.yaml': APP });
  const r = ddLint(['--format', 'json', '.'], { cwd: dir });
  t.equal(r.code, 1);
  t.same(messages(r.stdout, 'apm-hostip-unreachable'), [
    `apps/shop.yaml:19 ${UNREACHABLE} (judged against releases datadog/datadog from clusters/prod/values.yaml and monitoring/datadog from Argo CD Application argocd/datadog-staging (chart datadog 3.240.0)).`,
  ]);
});
