/**
 * What the hostip findings tell beyond their message: the related location at the key the user
 * wrote, a fix that names the setting where it is written, and senders found only through the
 * environment the kubelet builds ($(VAR) expansion, ConfigMaps).
 */
import t from 'tap';
import { lintExample } from './helpers/lint-text.js';
import type { Finding } from '../src/model/finding.js';

const hostip = (findings: Finding[]) => findings.filter((f) => f.ruleId.endsWith('hostip-unreachable'));
const where = (f: Finding) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.severity}`;

const app = (env: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: cart
${extra}          env:
            - name: HOST_IP
              valueFrom:
                fieldRef:
                  fieldPath: status.hostIP
${env}`;

t.test('the related location is the APM key the user wrote, not line 1', async (t) => {
  const values = 'datadog:\n  apiKeyExistingSecret: datadog-secret\n  apm:\n    portEnabled: false\n';
  const [f] = hostip(await lintExample({ values, manifests: app('            - name: DD_TRACE_AGENT_URL\n              value: http://$(HOST_IP):8126\n') }));
  t.equal(where(f!), 'apm-hostip-unreachable manifests.yaml:16:15 error');
  t.same(
    f!.related.map((r) => `${r.file}:${r.line}:${r.column} ${r.message}`),
    ['values.yaml:4:5 DaemonSet datadog/datadog receives traces on 8126/TCP inside its pod only'],
  );
  t.equal(
    f!.fix,
    "Point DD_TRACE_AGENT_URL in container cart of Deployment shop/cart at the agent's local Service or its socket (`DD_TRACE_AGENT_URL=unix:///var/run/datadog/apm.socket`, with the socket's hostPath mounted), or open the port on the node with `datadog.apm.portEnabled: true`.",
  );
  const unwritten = hostip(await lintExample({ values: 'datadog:\n  apiKeyExistingSecret: datadog-secret\n', manifests: app('            - name: DD_TRACE_AGENT_URL\n              value: http://$(HOST_IP):8126\n') }));
  t.same(unwritten[0]!.related, [], 'no related location on a chart default');
});

t.test('the admission fix tells to change configMode only when the user set it', async (t) => {
  const written = hostip(await lintExample({ values: 'clusterAgent:\n  admissionController:\n    configMode: hostip\n' }));
  t.same(written.map(where), ['apm-hostip-unreachable values.yaml:3:5 warning', 'dogstatsd-hostip-unreachable values.yaml:3:5 warning']);
  t.match(written[0]!.fix, /^Change `clusterAgent\.admissionController\.configMode: hostip` to `socket`/);
  const autopilot = hostip(await lintExample({ values: 'providers:\n  gke:\n    autopilot: true\n' }));
  t.same(autopilot.map(where), ['apm-hostip-unreachable values.yaml:3:5 warning', 'dogstatsd-hostip-unreachable values.yaml:3:5 warning']);
  t.equal(
    autopilot[0]!.fix,
    "On GKE Autopilot the chart picks `hostip` itself: open the port on the node with `datadog.apm.portEnabled: true`, or set `clusterAgent.admissionController.configMode: service` (the agent's local Service).",
  );
  t.notMatch(autopilot[1]!.fix, /configMode: hostip/, 'never tells to remove what the user did not write');
});

t.test('senders through the environment the kubelet builds', async (t) => {
  const values = 'datadog:\n  apiKeyExistingSecret: datadog-secret\n';
  const lint = async (env: string, manifests = '') => hostip(await lintExample({ values, manifests: manifests + app(env) })).map((f) => `${where(f)} ${f.message}`);
  t.match(await lint('            - name: STATSD_PORT\n              value: "8125"\n            - name: APP_STATSD_ADDR\n              value: $(HOST_IP):$(STATSD_PORT)\n'), [
    /^dogstatsd-hostip-unreachable manifests\.yaml:18:15 error .*sends DogStatsD metrics to status\.hostIP:8125 \(APP_STATSD_ADDR\)/,
  ]);
  t.same(await lint('            - name: DD_DOGSTATSD_URL\n              value: udp://$$(HOST_IP):8125\n'), [], '$$ is a literal $: no reference to the node IP');
  t.same(await lint('            - name: DD_DOGSTATSD_URL\n              value: udp://$(NODE):8125\n'), [], 'an undefined reference stays as written');
  t.same(await lint('            - name: DD_AGENT_HOST\n              value: $(HOST_IP)\n            - name: DD_RUNTIME_METRICS_ENABLED\n              value: "true"\n            - name: DD_DOGSTATSD_SOCKET\n              value: /var/run/datadog/dsd.socket\n').then((l) => l.filter((f) => f.startsWith('dogstatsd'))), [], 'runtime metrics over the DogStatsD socket');
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dd\n  namespace: shop\ndata:\n  runtime: "true"\n---\n';
  const fromKeyRef = await lint('            - name: DD_AGENT_HOST\n              value: $(HOST_IP)\n            - name: DD_RUNTIME_METRICS_ENABLED\n              valueFrom:\n                configMapKeyRef:\n                  name: dd\n                  key: runtime\n', configMap);
  t.match(fromKeyRef, [/^apm-hostip-unreachable manifests\.yaml:24:15 error/, /^dogstatsd-hostip-unreachable manifests\.yaml:24:15 error .*\(DD_AGENT_HOST\)/], 'runtime metrics read from a ConfigMap key');
  const otherNamespace = await lint('            - name: DD_AGENT_HOST\n              value: $(HOST_IP)\n            - name: DD_RUNTIME_METRICS_ENABLED\n              valueFrom:\n                configMapKeyRef:\n                  name: dd\n                  key: runtime\n', configMap.replace('namespace: shop', 'namespace: other'));
  t.match(otherNamespace, [/^apm-hostip-unreachable manifests\.yaml:24:15 warning/], 'a ConfigMap of another namespace is not read: nothing shows the traffic');
});
