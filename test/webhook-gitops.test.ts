/**
 * The webhook admits GitOps wrappers of the datadog chart as it admits Helm release Secrets: an Argo
 * CD Application (or a Flux HelmRelease) whose values would break the agents is refused when it is
 * applied, with the reason in the user's terminal; values it names but the webhook cannot read (a
 * valueFiles entry: there are no files in an admission) are a warning, not a guess.
 */
import t from 'tap';
import { startTestWebhook, type Obj } from './helpers/webhook.js';
import { HANDLED_KINDS } from '../webhook/kinds.js';

const TOKEN_30 = 'abcdefghij0123456789ABCDEFGHIJ';

const application = (helm: Record<string, unknown>): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'datadog', namespace: 'argocd' },
  spec: {
    project: 'default',
    source: { repoURL: 'https://helm.datadoghq.com', chart: 'datadog', targetRevision: '3.240.0', helm },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'datadog' },
  },
});

const hook = await startTestWebhook();
t.teardown(() => hook.close());

t.test('the webhook registers for Applications and HelmReleases', async (t) => {
  t.ok(HANDLED_KINDS.some((k) => k.kind === 'Application' && k.group === 'argoproj.io' && k.version === 'v1alpha1' && k.resource === 'applications'));
  t.ok(HANDLED_KINDS.some((k) => k.kind === 'HelmRelease' && k.group === 'helm.toolkit.fluxcd.io' && k.version === 'v2' && k.resource === 'helmreleases'));
});

t.test('an Application whose inline values hold a 30-character clusterAgent.token is denied', async (t) => {
  const r = await hook.review(application({ releaseName: 'datadog', values: `clusterAgent:\n  token: ${TOKEN_30}\n` }));
  t.equal(r.allowed, false);
  t.equal(r.status!.code, 403);
  const first = r.status!.message.split('\n')[0]!;
  t.match(first, /^Argo CD Application argocd\/datadog \(chart datadog 3\.240\.0\): \[cluster-agent-token-too-short\] The cluster agent auth token read by DaemonSet datadog\/datadog is 30 characters long; agents require at least 32/);
  t.notMatch(JSON.stringify(r), TOKEN_30, 'the token itself is never shown');
});

t.test('a good Application is allowed; a valueFiles entry is a warning that it was not read', async (t) => {
  const good = await hook.review(application({ values: 'datadog:\n  apiKeyExistingSecret: datadog-secret\n' }));
  t.same(good, { uid: good.uid, allowed: true });
  const named = await hook.review(application({ valueFiles: ['values-prod.yaml'], values: 'datadog:\n  apiKeyExistingSecret: datadog-secret\n' }));
  t.equal(named.allowed, true);
  t.equal(named.warnings?.length, 1);
  t.match(named.warnings![0], /^dd-lint warning values-source-unread.*values-prod\.yaml was not read: Argo CD reads it from the datadog chart package \(https:\/\/helm\.datadoghq\.com 3\.240\.0\)/);
  const ref = application({ valueFiles: ['$values/datadog/values-prod.yaml'] });
  (ref.spec as { sources?: unknown[] }).sources = [(ref.spec as { source: unknown }).source, { repoURL: 'https://git.example.com/platform/gitops.git', targetRevision: 'main', ref: 'values' }];
  const fromGit = await hook.review(ref);
  t.match(fromGit.warnings?.join('\n') ?? '', /\$values\/datadog\/values-prod\.yaml was not read: files are not read here/, 'a file of another source: there are no files in an admission');
});

t.test('a Flux HelmRelease with a short token in spec.values is denied; its valuesFrom ConfigMap is a warning', async (t) => {
  const r = await hook.review({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'datadog', namespace: 'monitoring' },
    spec: {
      chart: { spec: { chart: 'datadog', version: '3.240.0', sourceRef: { kind: 'HelmRepository', name: 'datadog' } } },
      valuesFrom: [{ kind: 'ConfigMap', name: 'datadog-values' }],
      values: { clusterAgent: { token: TOKEN_30 } },
    },
  });
  t.equal(r.allowed, false);
  t.match(r.status!.message, /^Flux HelmRelease monitoring\/datadog \(chart datadog 3\.240\.0\): \[cluster-agent-token-too-short\] .*30 characters long/);
  t.match(r.warnings?.join('\n') ?? '', /ConfigMap monitoring\/datadog-values was not read: not among the inputs/);
});

t.test('an Application of another chart is allowed untouched', async (t) => {
  const app = application({ values: `clusterAgent:\n  token: ${TOKEN_30}\n` });
  ((app.spec as { source: { chart: string } }).source).chart = 'grafana';
  const r = await hook.review(app);
  t.same(r, { uid: r.uid, allowed: true });
});

t.test("a key written twice in an Application's helm.values string is a warning (an admitted object has no lines to name); the object's own fields cannot repeat (the API server re-encodes them)", async (t) => {
  const r = await hook.review(application({ values: 'datadog:\n  apiKeyExistingSecret: datadog-secret\n  site: datadoghq.eu\n  site: datadoghq.com\n' }));
  t.equal(r.allowed, true);
  t.same(r.warnings, [r.warnings?.[0]]);
  t.match(r.warnings![0], /^dd-lint warning duplicate-key: datadog\.site is written twice in these values; only the last one counts, the earlier value is ignored\.$/);
});
