/**
 * The dd-lint-webhook chart (charts/dd-lint-webhook) through the real helm binaries (v3.17.3 and
 * v4.1.4): `helm lint --strict`, and the objects `helm template` renders for the default values,
 * cert-manager, failurePolicy=Fail and a custom config, checked against the code's own lists
 * (webhook/kinds.ts, webhook/audit/resources.ts) and the dd-lint config loader. A rendering is the
 * same every time (no generated key, no lookup), with and without the audit, so GitOps tools settle.
 */
import t from 'tap';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { HANDLED_KINDS, HANDLED_OPERATIONS, WATCHED_RESOURCES } from '../webhook/kinds.js';
import { AUDITED_RESOURCES, REPORT_RESOURCES } from '../webhook/audit/resources.js';
import { loadConfig } from '../src/config/load.js';
import { loadPolicies } from '../src/policy/load.js';
import { ensureHelm, HELM_VERSIONS, repoRoot } from './helpers/helm.js';

// Rendered Kubernetes objects are loosely typed JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** A subtest (the last overload of t.test takes only the callback). */
type Test = Parameters<Parameters<typeof t.test>[0]>[0];

const ROOT = repoRoot();
const CHART = join(ROOT, 'charts', 'dd-lint-webhook');
const NAMESPACE = 'dd-lint-system';
const RELEASE = 'dd-lint';
/** The full name: "dd-lint" does not contain the chart name, so the chart name is appended. */
const NAME = `${RELEASE}-dd-lint-webhook`;
const WATCH_VERBS = ['get', 'list', 'watch'];

const scratch = mkdtempSync(join(tmpdir(), 'dd-lint-chart-test-'));
t.teardown(() => rmSync(scratch, { recursive: true, force: true }));

/** helm with its own HOME and HELM_* dirs and no kubeconfig of the machine. */
function helmEnv(home: string, kubeconfig?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HELM_') && k !== 'KUBECONFIG') env[k] = v;
  mkdirSync(home, { recursive: true });
  return {
    ...env,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    KUBECONFIG: kubeconfig ?? join(home, 'no-kubeconfig'),
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

/** Kubernetes reads manifests as YAML 1.1 (sigs.k8s.io/yaml): 0440 is octal there. */
function objects(stdout: string): Obj[] {
  return parseAllDocuments(stdout, { version: '1.1' })
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => !!o);
}

function valuesFile(name: string, text: string): string {
  const file = join(scratch, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const VALUE_SETS = {
  default: '',
  certManager: 'tls:\n  certManager:\n    enabled: true\n',
  fail: 'webhook:\n  failurePolicy: Fail\n',
  // An unquoted off is what people write; Helm reads it as false.
  custom: `config:
  release: { name: prod, namespace: monitoring }
  webhook:
    mode: warn
    policies: { kubelet-tls-verify-disabled: enforce }
    excludeNamespaces: [sandbox]
  policies:
    skip-ssl-validation-enabled: off
    nodeport-host-port-conflict:
      severity: warning
      options: { reservedPorts: [9100] }
`,
} as const;
type SetName = keyof typeof VALUE_SETS;

const one = (objs: Obj[], kind: string, name?: string): Obj => {
  const found = objs.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0]!;
};

const key = (...parts: string[]) => parts.join(' ');

/** The webhook rules, expanded to group/version/resource/operation. */
function expandRules(rules: Obj[]): string[] {
  const out: string[] = [];
  for (const r of rules) {
    for (const g of r.apiGroups) for (const v of r.apiVersions) for (const res of r.resources) for (const op of r.operations) out.push(key(g || 'core', v, res, op));
  }
  return out.sort();
}

/** ClusterRole rules, expanded to group/resource/verb[/resourceNames]. */
function expandRbac(t: Test, rules: Obj[]): string[] {
  const out: string[] = [];
  for (const r of rules) {
    t.same(Object.keys(r).sort(), r.resourceNames ? ['apiGroups', 'resourceNames', 'resources', 'verbs'] : ['apiGroups', 'resources', 'verbs'], 'no nonResourceURLs or other fields');
    for (const g of r.apiGroups) for (const res of r.resources) for (const verb of r.verbs) out.push(key(g || 'core', res, verb, ...(r.resourceNames ? [`names=${[...r.resourceNames].sort().join(',')}`] : [])));
  }
  return out.sort();
}

function expectedRbac(tokenSecretNames: string[]): string[] {
  const out: string[] = [];
  for (const r of WATCHED_RESOURCES) {
    for (const verb of WATCH_VERBS) out.push(key(r.group || 'core', r.resource, verb, ...(r.byName ? [`names=${[...tokenSecretNames].sort().join(',')}`] : [])));
  }
  return out.sort();
}

const expectedRules = () => HANDLED_KINDS.flatMap((k) => HANDLED_OPERATIONS.map((op) => key(k.group || 'core', k.version, k.resource, op))).sort();

const knownPolicies = new Set(loadPolicies().map((p) => p.id));

/** The ConfigMap's config.yaml loaded the way the webhook loads it (validated), with known policy ids. */
function loadRenderedConfig(t: Test, text: string, name: string) {
  const file = join(scratch, `${name}-config.yaml`);
  writeFileSync(file, text);
  const loaded = loadConfig(file, scratch);
  for (const id of [...Object.keys(loaded.config.policies ?? {}), ...Object.keys(loaded.config.webhook?.policies ?? {})]) t.ok(knownPolicies.has(id), `policy ${id} exists`);
  return loaded.config;
}

function checkCommon(t: Test, objs: Obj[], set: SetName, clusterContext = true): void {
  const managedTls = set !== 'certManager';
  // Every namespaced object in the release namespace.
  const clusterScoped = new Set(['ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration']);
  for (const o of objs) {
    if (clusterScoped.has(o.kind)) t.notOk(o.metadata.namespace, `${o.kind} is cluster-scoped`);
    else t.equal(o.metadata.namespace, NAMESPACE, `${o.kind} ${o.metadata.name} in the release namespace`);
  }

  // The webhook configuration.
  const vwc = one(objs, 'ValidatingWebhookConfiguration');
  t.equal(vwc.webhooks.length, 1);
  const wh = vwc.webhooks[0];
  t.same(expandRules(wh.rules), expectedRules(), 'rules: exactly HANDLED_KINDS x HANDLED_OPERATIONS');
  for (const r of wh.rules) t.equal(r.scope, '*');
  t.equal(wh.sideEffects, 'None');
  t.same(wh.admissionReviewVersions, ['v1']);
  t.equal(wh.timeoutSeconds, 5);
  t.equal(wh.failurePolicy, set === 'fail' ? 'Fail' : 'Ignore');
  t.same(wh.clientConfig.service, { name: NAME, namespace: NAMESPACE, path: '/validate', port: 443 });
  const exclusion = wh.namespaceSelector.matchExpressions.find((e: Obj) => e.key === 'kubernetes.io/metadata.name');
  t.equal(exclusion.operator, 'NotIn');
  t.same(exclusion.values, set === 'custom' ? ['kube-system', NAMESPACE, 'sandbox'] : ['kube-system', NAMESPACE], 'never kube-system or its own namespace');
  t.notOk(wh.objectSelector, 'no objectSelector unless given');
  t.notOk(wh.matchConditions, 'no matchConditions unless given');

  // The Service the webhook calls: 443 to the container's 8443.
  const svc = one(objs, 'Service', NAME);
  const https = svc.spec.ports.find((p: Obj) => p.port === 443);
  t.equal(https.targetPort, 'https');
  const deploy = one(objs, 'Deployment', NAME);
  const pod = deploy.spec.template.spec;
  t.equal(pod.containers.length, 1);
  const c = pod.containers[0];
  t.same(c.ports, [
    { name: 'https', containerPort: 8443, protocol: 'TCP' },
    { name: 'metrics', containerPort: 8080, protocol: 'TCP' },
  ]);
  t.same(svc.spec.selector, deploy.spec.selector.matchLabels);
  t.same(deploy.spec.template.metadata.labels, { ...deploy.spec.template.metadata.labels, ...deploy.spec.selector.matchLabels });

  // Deployment: replicas, spread, resources, probes, security.
  t.equal(deploy.spec.replicas, 2);
  t.equal(deploy.spec.strategy.rollingUpdate.maxUnavailable, 0);
  t.same(pod.topologySpreadConstraints, [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: deploy.spec.selector.matchLabels } }]);
  t.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.cpu && c.resources.limits.memory, 'requests and limits');
  t.same(c.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' }, 'liveness /healthz on the metrics port');
  t.same(c.readinessProbe.httpGet, { path: '/readyz', port: 'metrics' }, 'readiness /readyz on the metrics port');
  t.match(pod.securityContext, { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
  t.same(c.securityContext, {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
  t.notOk(pod.hostNetwork || pod.hostPID || pod.hostIPC, 'no host namespaces');
  t.equal(pod.automountServiceAccountToken, clusterContext || managedTls, 'a token only to read the cluster or manage the certificate');
  t.same(
    c.env.find((e: Obj) => e.name === 'POD_NAMESPACE'),
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
  );

  // Volumes: config, /tmp, and with cert-manager TLS projected from its Secret (no subPath, so
  // rotation reaches the pod); a webhook managing its certificate reads it from the API instead.
  const mounts = new Map<string, Obj>(c.volumeMounts.map((m: Obj) => [m.name, m]));
  for (const m of c.volumeMounts) t.notOk(m.subPath, `${m.name}: no subPath`);
  const volumes = new Map<string, Obj>(pod.volumes.map((v: Obj) => [v.name, v]));
  t.same([...volumes.keys()].sort(), managedTls ? ['config', 'tmp'] : ['config', 'tls', 'tmp']);
  t.equal(mounts.get('tmp')!.mountPath, '/tmp');
  t.ok(volumes.get('tmp')!.emptyDir);
  const arg = (name: string) => c.args.find((a: string) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  let tlsSecretName: string;
  if (managedTls) {
    tlsSecretName = arg('cert-secret')!;
    t.equal(tlsSecretName, `${NAME}-tls`, 'the name the chart-generated Secret had: an upgrade takes it over');
    t.equal(arg('webhook-configuration'), NAME);
    t.same(arg('dns-names')!.split(','), [NAME, `${NAME}.${NAMESPACE}`, `${NAME}.${NAMESPACE}.svc`, `${NAME}.${NAMESPACE}.svc.cluster.local`]);
    t.same([arg('ca-validity-days'), arg('cert-validity-days'), arg('renew-before-days')], ['3650', '365', '30'], 'the validity values reach the webhook');
    t.notOk(arg('tls-cert'));
    t.same(c.env.find((e: Obj) => e.name === 'POD_NAME'), { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, 'its identity in the Lease');
  } else {
    const tlsSource = volumes.get('tls')!.projected.sources;
    t.equal(tlsSource.length, 1);
    t.equal(volumes.get('tls')!.projected.defaultMode, 0o440);
    t.equal(arg('tls-cert'), `${mounts.get('tls')!.mountPath}/tls.crt`);
    t.equal(arg('tls-key'), `${mounts.get('tls')!.mountPath}/tls.key`);
    t.same(tlsSource[0].secret.items.map((i: Obj) => i.path).sort(), ['tls.crt', 'tls.key']);
    tlsSecretName = tlsSource[0].secret.name;
    t.notOk(arg('cert-secret'));
  }
  t.equal(arg('config'), `${mounts.get('config')!.mountPath}/config.yaml`);
  t.equal(arg('host'), '0.0.0.0');
  t.equal(arg('port'), '8443');
  t.equal(arg('metrics-port'), '8080');
  t.equal(arg('budget-ms'), '2000', 'budget below the 5 s timeout');
  t.equal(c.args.includes('--no-cluster'), !clusterContext);

  // The config: a ConfigMap the pod mounts, a valid dd-lint config, a checksum that restarts the pods.
  const cm = one(objs, 'ConfigMap', volumes.get('config')!.configMap.name);
  const configText: string = cm.data['config.yaml'];
  const config = loadRenderedConfig(t, configText, `${set}-${clusterContext}`);
  const annotations = deploy.spec.template.metadata.annotations;
  t.same(Object.keys(annotations), ['checksum/config'], 'a checksum only for the config (TLS is reloaded, not restarted)');
  t.equal(annotations['checksum/config'], createHash('sha256').update(configText.replace(/\n$/, '')).digest('hex'));
  if (set === 'custom') {
    t.same(config, {
      release: { name: 'prod', namespace: 'monitoring' },
      webhook: { mode: 'warn', policies: { 'kubelet-tls-verify-disabled': 'enforce' }, excludeNamespaces: ['sandbox'] },
      policies: { 'skip-ssl-validation-enabled': 'off', 'nodeport-host-port-conflict': { severity: 'warning', options: { reservedPorts: [9100] } } },
    });
  } else t.same(config, { webhook: { mode: 'enforce' } });

  // PodDisruptionBudget.
  const pdb = one(objs, 'PodDisruptionBudget');
  t.equal(pdb.spec.minAvailable, 1);
  t.same(pdb.spec.selector.matchLabels, deploy.spec.selector.matchLabels);

  // ServiceAccount and RBAC.
  const sa = one(objs, 'ServiceAccount');
  t.equal(pod.serviceAccountName, sa.metadata.name);
  t.equal(sa.automountServiceAccountToken, false);
  if (clusterContext) {
    const role = one(objs, 'ClusterRole', NAME);
    const tokenSecrets = set === 'custom' ? ['datadog-cluster-agent', 'prod-datadog-cluster-agent'] : ['datadog-cluster-agent'];
    t.same(expandRbac(t, role.rules), expectedRbac(tokenSecrets), 'RBAC: exactly get/list/watch on WATCHED_RESOURCES, secrets by name');
    const binding = one(objs, 'ClusterRoleBinding', NAME);
    t.same(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    t.same(binding.subjects, [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: NAMESPACE }]);
  } else t.notOk(objs.some((o) => o.metadata.name === NAME && /Role/.test(o.kind)), 'no cluster context RBAC without the cluster context');
  if (managedTls) {
    // The certificate controller: its Secret and Lease by name (create cannot be named), its caBundle only.
    const role = one(objs, 'Role', `${NAME}-certs`);
    t.same(expandRbac(t, role.rules), [
      key('coordination.k8s.io', 'leases', 'create'),
      key('coordination.k8s.io', 'leases', 'get', `names=${NAME}-tls`),
      key('coordination.k8s.io', 'leases', 'update', `names=${NAME}-tls`),
      key('core', 'secrets', 'create'),
      key('core', 'secrets', 'get', `names=${NAME}-tls`),
      key('core', 'secrets', 'patch', `names=${NAME}-tls`),
      key('core', 'secrets', 'update', `names=${NAME}-tls`),
    ]);
    t.same(expandRbac(t, one(objs, 'ClusterRole', `${NAME}-certs`).rules), [
      key('admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'get', `names=${NAME}`),
      key('admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'patch', `names=${NAME}`),
    ]);
    for (const kind of ['RoleBinding', 'ClusterRoleBinding']) t.same(one(objs, kind, `${NAME}-certs`).subjects, [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: NAMESPACE }]);
  }

  // TLS.
  if (set === 'certManager') {
    t.same(objs.filter((o) => o.kind === 'Secret'), [], 'cert-manager writes the Secret');
    t.notOk(wh.clientConfig.caBundle, 'caBundle is injected');
    const serving = one(objs, 'Certificate', `${NAME}-serving-cert`);
    t.equal(vwc.metadata.annotations['cert-manager.io/inject-ca-from'], `${NAMESPACE}/${serving.metadata.name}`);
    t.equal(serving.spec.secretName, tlsSecretName);
    t.ok(serving.spec.dnsNames.includes(`${NAME}.${NAMESPACE}.svc`));
    const ca = one(objs, 'Certificate', `${NAME}-ca`);
    t.equal(ca.spec.isCA, true);
    t.same(one(objs, 'Issuer', ca.spec.issuerRef.name).spec, { selfSigned: {} });
    t.same(one(objs, 'Issuer', serving.spec.issuerRef.name).spec, { ca: { secretName: ca.spec.secretName } });
  } else {
    t.same(
      objs.filter((o) => o.apiVersion?.startsWith('cert-manager.io/')),
      [],
      'no cert-manager objects unless enabled',
    );
    t.notOk(vwc.metadata.annotations?.['cert-manager.io/inject-ca-from']);
    t.same(objs.filter((o) => o.kind === 'Secret'), [], 'no key in the rendering: the webhook makes its own');
    t.notOk('caBundle' in wh.clientConfig, 'no caBundle: the webhook publishes it (the field GitOps tools ignore)');
  }

  // Nothing more than a careful admin expects.
  const kinds = objs.map((o) => o.kind).sort();
  const expected = [
    'ConfigMap',
    'Deployment',
    'PodDisruptionBudget',
    'Service',
    'ServiceAccount',
    'ValidatingWebhookConfiguration',
    ...(clusterContext ? ['ClusterRole', 'ClusterRoleBinding'] : []),
    ...(set === 'certManager' ? ['Certificate', 'Certificate', 'Issuer', 'Issuer'] : ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']),
  ];
  t.same(kinds, expected.sort(), 'exactly these objects');
}

t.test('the generated chart files are what webhook/kinds.ts and the config schema generate (npm run gen:chart)', async (t) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-chart-rules.mjs'), '--check'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
});

t.test('the chart README documents every value, and only values that exist', async (t) => {
  const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Obj;
  const readme = readFileSync(join(CHART, 'README.md'), 'utf8');
  const documented = new Set([...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!));
  const leaves: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length) for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    else leaves.push(path.join('.'));
  };
  walk(values, []);
  for (const leaf of leaves) {
    const parts = leaf.split('.');
    const covered = parts.some((_, i) => documented.has(parts.slice(0, i + 1).join('.')));
    t.ok(covered, `${leaf} is in the README values table`);
  }
  for (const doc of documented) {
    let node: unknown = values;
    for (const part of doc.split('.')) node = node && typeof node === 'object' ? (node as Obj)[part] : undefined;
    t.not(node, undefined, `README documents ${doc}, which values.yaml has`);
  }
});

for (const version of HELM_VERSIONS) {
  t.test(`helm ${version}`, async (t) => {
    const helm = await ensureHelm(version);
    const env = helmEnv(join(scratch, `home-${version}`));
    const files = Object.fromEntries(Object.entries(VALUE_SETS).map(([name, text]) => [name, valuesFile(name, text)])) as Record<SetName, string>;
    const template = (args: string[], e = env) => run(helm, ['template', RELEASE, CHART, '--namespace', NAMESPACE, ...args], e);

    t.test('helm lint --strict is clean for every value set', async (t) => {
      const runs = await Promise.all(Object.entries(files).map(async ([name, file]) => [name, await run(helm, ['lint', '--strict', CHART, '--namespace', NAMESPACE, '-f', file], env)] as const));
      for (const [name, r] of runs) {
        t.equal(r.code, 0, `${name}: ${r.stdout}${r.stderr}`);
        t.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/, name);
        t.notMatch(r.stdout, /\[(WARNING|ERROR)\]/, `${name}: no warnings`);
      }
    });

    for (const set of Object.keys(VALUE_SETS) as SetName[]) {
      t.test(`helm template: ${set}`, async (t) => {
        const r = await template(['-f', files[set]]);
        t.equal(r.code, 0, r.stderr);
        checkCommon(t, objects(r.stdout), set);
      });
    }

    t.test('helm template: without cluster context, with ServiceMonitor and NetworkPolicy', async (t) => {
      const r = await template(['--set', 'clusterContext.enabled=false', '--set', 'serviceMonitor.enabled=true', '--set', 'networkPolicy.enabled=true']);
      t.equal(r.code, 0, r.stderr);
      const objs = objects(r.stdout);
      const sm = one(objs, 'ServiceMonitor');
      const svc = one(objs, 'Service', NAME);
      t.same(sm.spec.selector.matchLabels, Object.fromEntries(Object.entries(svc.metadata.labels).filter(([k]) => Object.hasOwn(sm.spec.selector.matchLabels, k))));
      t.match(sm.spec.endpoints, [{ port: 'metrics', path: '/metrics' }]);
      t.ok(svc.spec.ports.some((p: Obj) => p.name === 'metrics' && p.targetPort === 'metrics'), 'the Service exposes the metrics port');
      const np = one(objs, 'NetworkPolicy');
      t.same(np.spec.policyTypes, ['Ingress', 'Egress']);
      t.same(np.spec.ingress[0], { ports: [{ port: 8443, protocol: 'TCP' }] }, 'the webhook port from anywhere (the API server)');
      t.same(np.spec.ingress[1].ports, [{ port: 8080, protocol: 'TCP' }]);
      t.same(np.spec.ingress[1].from, [{ namespaceSelector: {}, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }]);
      t.equal(np.spec.egress.length, 2, 'DNS, and the API server: the webhook manages its certificate');
      t.same(
        np.spec.egress[0].ports.map((p: Obj) => p.port),
        [53, 53],
      );
      const own = await template(['--set', 'clusterContext.enabled=false', '--set', 'networkPolicy.enabled=true', '--set', 'tls.existingSecret.name=x', '--set', 'tls.existingSecret.caBundle=Q0E=']);
      t.equal(one(objects(own.stdout), 'NetworkPolicy').spec.egress.length, 1, 'DNS only when the webhook never talks to the API server');
      // The same objects otherwise, minus the cluster context's RBAC.
      checkCommon(t, objs.filter((o) => o.kind !== 'ServiceMonitor' && o.kind !== 'NetworkPolicy'), 'default', false);

      const withCluster = await template(['--set', 'networkPolicy.enabled=true', '--set', 'networkPolicy.apiServer.cidrs={10.0.0.1/32}']);
      const egress = one(objects(withCluster.stdout), 'NetworkPolicy').spec.egress;
      t.same(egress[1], { ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.0.0.1/32' } }] }, 'egress to the API server');
    });

    t.test('helm template: cert-manager with a given issuer, selectors and match conditions', async (t) => {
      const file = valuesFile(
        `issuer-${version}`,
        `tls: { certManager: { enabled: true, issuerRef: { name: corp-ca, kind: ClusterIssuer } } }
webhook:
  timeoutSeconds: 2
  objectSelector: { matchExpressions: [{ key: dd-lint.io/skip, operator: DoesNotExist }] }
  namespaceSelector: { matchLabels: { team: platform } }
  matchConditions: [{ name: not-nodes, expression: "request.userInfo.username != 'system:node'" }]
`,
      );
      const r = await template(['-f', file]);
      t.equal(r.code, 0, r.stderr);
      const objs = objects(r.stdout);
      t.same(objs.filter((o) => o.kind === 'Issuer'), [], 'no Issuer of its own');
      t.same(one(objs, 'Certificate').spec.issuerRef, { name: 'corp-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
      const wh = one(objs, 'ValidatingWebhookConfiguration').webhooks[0];
      t.equal(wh.timeoutSeconds, 2);
      t.same(wh.objectSelector, { matchExpressions: [{ key: 'dd-lint.io/skip', operator: 'DoesNotExist' }] });
      t.same(wh.namespaceSelector.matchLabels, { team: 'platform' });
      t.equal(wh.namespaceSelector.matchExpressions.length, 1, 'the exclusion stays');
      t.same(wh.matchConditions, [{ name: 'not-nodes', expression: "request.userInfo.username != 'system:node'" }]);
      t.ok(one(objs, 'Deployment').spec.template.spec.containers[0].args.includes('--budget-ms=1000'), 'the budget follows the timeout');
    });

    t.test('bad values are refused with a clear error', async (t) => {
      const [maybe, maybeSkipped, unknownPolicy, badMode, budget] = await Promise.all([
        template(['--set', 'webhook.failurePolicy=Maybe']),
        template(['--set', 'webhook.failurePolicy=Maybe', '--skip-schema-validation']),
        template(['--set', 'config.policies.no-such-policy=off']),
        template(['--set', 'config.webhook.mode=block']),
        template(['--set', 'webhook.timeoutSeconds=2', '--set', 'webhook.budgetMs=2000']),
      ]);
      t.not(maybe.code, 0);
      t.match(maybe.stderr, /failurePolicy.*(Ignore.*Fail)/, 'the schema names the value and what is allowed');
      t.not(maybeSkipped.code, 0);
      t.match(maybeSkipped.stderr, /webhook\.failurePolicy must be Ignore or Fail, not "Maybe"/, 'the templates refuse it too');
      t.not(unknownPolicy.code, 0);
      t.match(unknownPolicy.stderr, /no-such-policy/);
      t.not(badMode.code, 0);
      t.match(badMode.stderr, /mode.*enforce.*warn.*audit/);
      t.not(budget.code, 0);
      t.match(budget.stderr, /webhook\.budgetMs \(2000\) must be below webhook\.timeoutSeconds x 1000 \(2000\)/);
    });

    t.test('helm template renders the same twice (no generated key, no lookup), with and without the audit', async (t) => {
      for (const args of [[], ['--set', 'audit.enabled=true', '--set', 'audit.installCRDs=true'], ['-f', files.certManager], ['--set', 'autoscaling.enabled=true']]) {
        const [a, b] = await Promise.all([template(args), template(args)]);
        t.equal(a.code, 0, a.stderr);
        t.ok(a.stdout.length > 1000, 'something was rendered');
        t.equal(a.stdout, b.stdout, `identical output: ${args.join(' ') || 'defaults'}`);
      }
    });

    t.test('helm template: the audit (RBAC exactly what it reads and writes, its Lease, the CRDs when asked)', async (t) => {
      const r = await template(['--set', 'audit.enabled=true', '--set', 'config.release.namespace=monitoring', '--set', 'config.release.name=dd']);
      t.equal(r.code, 0, r.stderr);
      const objs = objects(r.stdout);
      const c = one(objs, 'Deployment').spec.template.spec.containers[0];
      t.same(
        c.args.filter((a: string) => a.startsWith('--audit')),
        ['--audit', `--audit-lease=${NAME}-audit`, '--audit-debounce-ms=10000', '--audit-min-write-ms=30000'],
      );
      t.same(expandRbac(t, one(objs, 'ClusterRole', `${NAME}-audit`).rules), [
        ...AUDITED_RESOURCES.flatMap((x) => WATCH_VERBS.map((v) => key(x.group || 'core', x.resource, v))),
        ...REPORT_RESOURCES.flatMap((x) => x.verbs.map((v) => key(x.group, x.resource, v))),
      ].sort());
      const releases = one(objs, 'Role', `${NAME}-audit-releases`);
      t.equal(releases.metadata.namespace, 'monitoring', "the Datadog release's namespace only");
      t.same(expandRbac(t, releases.rules), [key('core', 'secrets', 'list'), key('core', 'secrets', 'watch')]);
      t.same(expandRbac(t, one(objs, 'Role', `${NAME}-audit-lease`).rules), [
        key('coordination.k8s.io', 'leases', 'create'),
        key('coordination.k8s.io', 'leases', 'get', `names=${NAME}-audit`),
        key('coordination.k8s.io', 'leases', 'update', `names=${NAME}-audit`),
      ]);
      t.same(objs.filter((o) => o.kind === 'CustomResourceDefinition'), [], 'no CRDs unless asked');

      const crds = objects((await template(['--set', 'audit.enabled=true', '--set', 'audit.installCRDs=true'])).stdout).filter((o) => o.kind === 'CustomResourceDefinition');
      t.same(crds.map((o) => [o.metadata.name, o.spec.scope, o.spec.versions.map((v: Obj) => v.name)]), [
        ['policyreports.wgpolicyk8s.io', 'Namespaced', ['v1alpha2']],
        ['clusterpolicyreports.wgpolicyk8s.io', 'Cluster', ['v1alpha2']],
      ]);
      // The same result fields and enums as the CRD Kyverno installs (test/fixtures/schemas, its source named there).
      const upstream = parse(readFileSync(join(ROOT, 'test', 'fixtures', 'schemas', 'wgpolicyk8s.io_v1alpha2_policyreport.schema.yaml'), 'utf8')).properties.results.items.properties;
      for (const crd of crds) {
        const mine = crd.spec.versions[0].schema.openAPIV3Schema.properties.results.items.properties;
        t.same(Object.keys(mine).sort(), Object.keys(upstream).sort(), `${crd.metadata.name}: every result field`);
        for (const field of ['result', 'severity']) t.same([...mine[field].enum].sort(), [...upstream[field].enum].sort(), `${crd.metadata.name}: ${field} values`);
      }

      const noCluster = await template(['--set', 'audit.enabled=true', '--set', 'clusterContext.enabled=false']);
      t.not(noCluster.code, 0);
      t.match(noCluster.stderr, /audit\.enabled needs clusterContext\.enabled/);
    });

    t.test('helm template: a Secret of your own (its caBundle given), and the autoscaler', async (t) => {
      const r = await template(['--set', 'tls.existingSecret.name=corp-tls', '--set', 'tls.existingSecret.caBundle=Q0E=', '--set', 'clusterContext.enabled=false']);
      t.equal(r.code, 0, r.stderr);
      const objs = objects(r.stdout);
      const pod = one(objs, 'Deployment').spec.template.spec;
      t.equal(pod.volumes.find((v: Obj) => v.name === 'tls').projected.sources[0].secret.name, 'corp-tls');
      t.equal(one(objs, 'ValidatingWebhookConfiguration').webhooks[0].clientConfig.caBundle, 'Q0E=');
      t.equal(pod.automountServiceAccountToken, false, 'nothing to ask the API server: no token');
      t.same(objs.filter((o) => /Role/.test(o.kind)), [], 'and no RBAC');
      const missing = await template(['--set', 'tls.existingSecret.name=corp-tls']);
      t.not(missing.code, 0);
      t.match(missing.stderr, /tls\.existingSecret\.caBundle is required/);

      const hpa = objects((await template(['--set', 'autoscaling.enabled=true', '--set', 'autoscaling.maxReplicas=4'])).stdout);
      const deploy = one(hpa, 'Deployment');
      t.notOk('replicas' in deploy.spec, 'the autoscaler owns the replica count');
      t.match(one(hpa, 'HorizontalPodAutoscaler').spec, { scaleTargetRef: { kind: 'Deployment', name: NAME }, minReplicas: 2, maxReplicas: 4 });
      t.ok(one(hpa, 'PodDisruptionBudget'), 'the PodDisruptionBudget stays');
      t.ok(deploy.spec.template.spec.topologySpreadConstraints, 'and the spread');
      const one1 = await template(['--set', 'autoscaling.enabled=true', '--set', 'autoscaling.minReplicas=1']);
      t.not(one1.code, 0, 'minReplicas below 2 is refused');
    });
  });
}
