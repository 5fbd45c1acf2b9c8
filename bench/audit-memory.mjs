#!/usr/bin/env node
// Memory of the audit's cache: 10,000 objects (8,000 app Deployments, each with the managedFields,
// last-applied annotation and status a real API server returns, and 2,000 Services) listed by the
// webhook's informers (--audit) from a local fake API server, then the heap after a full GC, less
// the heap before the informers started. What stays is the model's part of each object: the
// informers themselves keep names and versions only.
// Usage: node --expose-gc bench/audit-memory.mjs [objects]   (npm run build first)
import { InformerContext } from '../dist/webhook/cluster/informers.js';
import { FakeApiServer } from '../dist/test/helpers/fake-apiserver.js';
import { fakeKubeConfig } from '../dist/test/helpers/webhook.js';

if (typeof global.gc !== 'function') {
  console.error('run with node --expose-gc bench/audit-memory.mjs');
  process.exit(2);
}
const total = Number(process.argv[2] ?? 10_000);
const services = Math.round(total / 5);
const deployments = total - services;

function deployment(i) {
  const name = `app-${i}`;
  const namespace = `team-${i % 50}`;
  const container = {
    name,
    image: `registry.example/${name}:1.${i % 7}.0`,
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    env: [
      { name: 'DD_AGENT_HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'DD_SERVICE', value: name },
      { name: 'DD_ENV', value: 'prod' },
      { name: 'JAVA_OPTS', value: '-Xmx512m -XX:+UseG1GC' },
    ],
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
  };
  const spec = { replicas: 3, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [container], volumes: [{ name: 'config', configMap: { name } }] } } };
  return {
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      labels: { app: name, team: namespace },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec }) },
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [`k:{"name":"${name}"}`]: { '.': {}, 'f:env': {}, 'f:image': {}, 'f:ports': {} } } } } } } }],
    },
    spec,
    status: { replicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
  };
}

function service(i) {
  return { kind: 'Service', metadata: { name: `svc-${i}`, namespace: `team-${i % 50}`, labels: { app: `app-${i}` } }, spec: { selector: { app: `app-${i}` }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] } };
}

const fake = new FakeApiServer();
await fake.start();
for (let i = 0; i < deployments; i++) fake.apply(deployment(i));
for (let i = 0; i < services; i++) fake.apply(service(i));
const heap = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
const cluster = new InformerContext({ kubeConfig: fakeKubeConfig(fake), source: 'bench', apps: true, tokenSecrets: [] });
cluster.start();
while (!cluster.synced()) await new Promise((r) => setTimeout(r, 50));
const model = cluster.store.everything();
const after = heap();
const mib = (b) => (b / 1024 / 1024).toFixed(1);
console.log(`audit cache: ${deployments} Deployments + ${services} Services = ${total} objects (${model.workloads.length} workloads, ${model.services.length} Services in the model)`);
console.log(`heap used by the cache: ${mib(after - before)} MiB (${Math.round((after - before) / total)} bytes per object)`);
await cluster.stop();
await fake.stop();
