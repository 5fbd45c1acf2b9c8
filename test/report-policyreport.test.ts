import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { policyReports, type PolicyReport } from '../src/report/policy-report.js';
import { policyreport } from '../src/report/policyreport.js';
import type { Finding } from '../src/model/finding.js';
import { REPO_ROOT } from './helpers/cli.js';
import { API_KEY, CLUSTER_TOKEN, CWD, apmFinding, context, literalFinding, policies, setFinding, suppressedLiteral, tokenFinding } from './helpers/findings.js';

/**
 * The CRD's openAPIV3Schema as ajv reads it. The API server prunes fields a structural schema does
 * not declare, so a field we write that the CRD lacks would be silently lost: every object with
 * `properties` and no `additionalProperties` gets `additionalProperties: false` here. The
 * `x-kubernetes-*` markers mean nothing to validation and are dropped; int32/int64 are checked.
 */
function crdToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(crdToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-')) continue;
    // Inside `properties` the keys are field names, not keywords.
    out[key] = key === 'properties' && value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, crdToJsonSchema(v)])) : crdToJsonSchema(value);
  }
  if (out['properties'] && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  return out;
}

const crd = parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'schemas', 'wgpolicyk8s.io_v1alpha2_policyreport.schema.yaml'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
const validate = ajv.compile(crdToJsonSchema(crd) as object);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NOW = new Date('2025-03-04T05:06:07.890Z');
const SECONDS = 1741064767;

function validReports(t: Test, reports: PolicyReport[]): PolicyReport[] {
  for (const r of reports) {
    validate(r);
    t.same(validate.errors ?? [], [], `${r.kind} ${r.metadata.namespace ?? ''}: valid against the CRD schema`);
    t.equal(r.apiVersion, 'wgpolicyk8s.io/v1alpha2');
    t.match(r.metadata.name, DNS_SUBDOMAIN, 'a valid object name');
    t.equal(r.kind === 'PolicyReport', r.metadata.namespace !== undefined, 'namespaced only when a PolicyReport');
  }
  return reports;
}

const build = (findings: Finding[]) => policyReports(findings, { now: NOW, cwd: CWD, policies });

t.test('the schema check can fail', async (t) => {
  const [, shop] = build([literalFinding, tokenFinding]);
  const broken = [
    (r: any) => (r.results[0].severity = 'warning'),
    (r: any) => (r.results[0].result = 'info'),
    (r: any) => (r.results[0].properties.line = 17),
    (r: any) => (r.results[0].timestamp = { seconds: 1 }),
    (r: any) => (r.results[0].resource = r.results[0].resources),
    (r: any) => delete r.results[0].policy,
    (r: any) => (r.summary.fail = '1'),
  ];
  for (const [i, breakIt] of broken.entries()) {
    const copy = structuredClone(shop);
    breakIt(copy);
    t.equal(validate(copy), false, `broken ${i} is rejected`);
  }
});

t.test('one report per namespace, a cluster report for values-only and --set findings', async (t) => {
  const reports = validReports(t, build([setFinding, literalFinding, tokenFinding, apmFinding, { ...tokenFinding, object: undefined }]));
  t.same(
    reports.map((r) => [r.kind, r.metadata.namespace]),
    [
      ['ClusterPolicyReport', undefined],
      ['PolicyReport', 'datadog'],
      ['PolicyReport', 'shop'],
    ],
  );
  const [cluster, datadog, shop] = reports;
  t.same(shop, {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: { name: 'dd-lint', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'dd-lint' } },
    summary: { pass: 0, fail: 0, warn: 1, error: 0, skip: 0 },
    results: [
      {
        source: 'dd-lint',
        policy: 'api-key-literal',
        rule: 'api-key-literal',
        category: 'security',
        result: 'warn',
        severity: 'info',
        scored: false,
        timestamp: { seconds: SECONDS, nanos: 0 },
        resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }],
        message: 'DD_API_KEY is a literal value (32 characters) in Deployment shop/web',
        properties: { location: 'deploy/app.yaml:17:15', container: 'web' },
      },
    ],
  });
  t.same(
    datadog!.results.map((r) => [r.policy, r.result, r.severity, r.scored, r.resources, r.properties]),
    [
      ['apm-port-closed', 'warn', 'medium', false, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'datadog', namespace: 'datadog' }], { location: 'deploy/values.yaml:2:1', container: 'trace-agent', valuesPath: 'datadog.apm.portEnabled' }],
      ['cluster-agent-token-length', 'fail', 'high', true, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'datadog-cluster-agent', namespace: 'datadog' }], { location: 'deploy/values.yaml:7:3', container: 'cluster-agent', valuesPath: 'clusterAgent.token' }],
    ],
  );
  t.same(datadog!.summary, { pass: 0, fail: 1, warn: 1, error: 0, skip: 0 });
  t.same(
    cluster!.results.map((r) => [r.policy, r.result, 'resources' in r, r.properties]),
    [
      ['cluster-agent-token-length', 'fail', false, { location: 'deploy/values.yaml:7:3', container: 'cluster-agent', valuesPath: 'clusterAgent.token' }],
      ['cluster-agent-token-length', 'fail', false, { location: '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>', valuesPath: 'clusterAgent.token' }],
    ],
  );
  const text = JSON.stringify(reports);
  for (const secret of [API_KEY, CLUSTER_TOKEN, 's3cr3t!!']) t.notMatch(text, secret, 'no secret value in the reports');
});

t.test('cluster-scoped objects go to the cluster report, without a namespace', async (t) => {
  const rbac: Finding = { ...tokenFinding, ruleId: 'cluster-agent-rbac-incomplete', object: { kind: 'ClusterRole', name: 'datadog-cluster-agent', namespace: 'default' } };
  const [cluster, ...rest] = validReports(t, build([rbac]));
  t.same(rest, []);
  t.same(cluster!.results[0]!.resources, [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'datadog-cluster-agent' }]);
  t.notOk('category' in cluster!.results[0]!, 'no category for a rule no active policy describes');
});

t.test('one result per object and policy: messages joined, worst severity', async (t) => {
  const second: Finding = { ...tokenFinding, severity: 'warning', container: 'init', message: 'the init container reads the short token too' };
  const [, datadog] = validReports(t, build([second, tokenFinding, { ...tokenFinding }]));
  t.equal(datadog!.results.length, 1);
  t.same([datadog!.results[0]!.result, datadog!.results[0]!.message], ['fail', 'clusterAgent.token is 30 characters; the cluster agent needs at least 32; the init container reads the short token too']);
});

t.test('suppressed findings are skip results, with the reason', async (t) => {
  const [, shop] = validReports(t, build([suppressedLiteral]));
  t.same([shop!.results[0]!.result, shop!.summary.skip, shop!.results[0]!.properties['justification']], ['skip', 1, undefined]);
  const reasoned = { ...literalFinding, suppression: { kind: 'comment' as const, justification: 'dev cluster' } };
  const [, again] = validReports(t, build([reasoned, { ...literalFinding, ruleId: 'apm-port-closed', severity: 'warning' as const }]));
  t.same(
    again!.results.map((r) => [r.policy, r.result, r.properties['justification']]),
    [
      ['apm-port-closed', 'warn', undefined],
      ['api-key-literal', 'skip', 'dev cluster'],
    ],
  );
  t.same(again!.summary, { pass: 0, fail: 0, warn: 1, error: 0, skip: 1 });
});

t.test('what was judged (the audit): a pass per object and policy without a finding, a skip with its reason', async (t) => {
  const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
  const reports = validReports(
    t,
    policyReports([literalFinding], {
      now: NOW,
      cwd: CWD,
      policies,
      evaluated: [{ ref: web, policies: ['apm-port-closed', 'api-key-literal', 'cluster-agent-token-length'], skipped: new Map([['cluster-agent-token-length', 'Secret shop/token is not readable (RBAC)']]) }],
    }),
  );
  const shop = reports.find((r) => r.metadata.namespace === 'shop')!;
  t.same(
    shop.results.map((r) => [r.policy, r.result, r.severity, r.scored, r.message, r.properties, r.resources]),
    [
      ['api-key-literal', 'warn', 'info', false, literalFinding.message, shop.results[0]!.properties, [{ apiVersion: 'apps/v1', ...web }]],
      ['apm-port-closed', 'pass', 'medium', false, 'Not found: Apps send traces to a closed APM port.', {}, [{ apiVersion: 'apps/v1', ...web }]],
      ['cluster-agent-token-length', 'skip', 'high', false, 'Not judged: Secret shop/token is not readable (RBAC).', { reason: 'Secret shop/token is not readable (RBAC)' }, [{ apiVersion: 'apps/v1', ...web }]],
    ],
    'the finding, then the pass, then the skip; the policy with a finding is not also a pass',
  );
  t.same(shop.summary, { pass: 1, fail: 0, warn: 1, error: 0, skip: 1 });
});

t.test('no findings: one empty cluster report', async (t) => {
  t.same(validReports(t, build([])).map((r) => [r.kind, r.results, r.summary]), [['ClusterPolicyReport', [], { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 }]]);
});

t.test('--format policyreport: a YAML stream of the same reports, timestamped now', async (t) => {
  const before = Math.floor(Date.now() / 1000);
  const out = policyreport([literalFinding, tokenFinding, setFinding], context());
  const after = Math.floor(Date.now() / 1000);
  t.match(out, /^---\napiVersion: wgpolicyk8s\.io\/v1alpha2\nkind: ClusterPolicyReport\n/);
  const docs = parseAllDocuments(out);
  t.same(docs.flatMap((d) => d.errors), []);
  const reports = validReports(t, docs.map((d) => d.toJS()) as PolicyReport[]);
  const seconds = reports.flatMap((r) => r.results.map((x) => x.timestamp.seconds));
  t.ok(seconds.every((s) => s >= before && s <= after), 'timestamps are the time of the run');
  const fixed = (rs: PolicyReport[]) => rs.map((r) => ({ ...r, results: r.results.map((x) => ({ ...x, timestamp: { seconds: 0, nanos: 0 } })) }));
  t.same(fixed(reports), fixed(build([literalFinding, tokenFinding, setFinding])), 'the reports policyReports builds');
  t.notMatch(out, 's3cr3t!!');
});
