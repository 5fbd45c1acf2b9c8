/** Sample policies, findings and sources for the reporter tests (hand-written, not from the engine). */
import type { Finding } from '../../src/model/finding.js';
import type { Policy } from '../../src/policy/types.js';
import type { ReportContext } from '../../src/report/types.js';

export const CWD = '/work/repo';
export const VALUES = '/work/repo/deploy/values.yaml';
export const APP = 'deploy/app.yaml';

export const API_KEY = '0123456789abcdef0123456789abcdef';
export const CLUSTER_TOKEN = 'abcdefghijklmnopqrstuvwxyz0123';

export const valuesText = `# values for the shop cluster
datadog:
  apiKey: ${API_KEY}
  site: datadoghq.com
clusterAgent:
  enabled: true
  token: ${CLUSTER_TOKEN}
agents:
  useHostNetwork: false
`;

export const appText = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          env:
            - name: DD_AGENT_HOST
              valueFrom:
                fieldRef:
                  fieldPath: status.hostIP
            - name: DD_API_KEY
              value: ${API_KEY}
`;

export const policies: Policy[] = [
  {
    id: 'cluster-agent-token-length',
    title: 'Cluster agent token too short',
    severity: 'error',
    category: 'security',
    summary: 'The cluster agent token must be at least 32 characters.',
    why: 'The cluster agent refuses to start with a token shorter than 32 characters, so node agents lose cluster-level metadata.',
    fix: 'Set clusterAgent.token to a random string of 32 characters or more.\n\nOr remove it: the chart then generates one.',
    references: ['https://docs.datadoghq.com/containers/cluster_agent/setup/', 'incidents/004.md'],
  },
  {
    id: 'apm-port-closed',
    title: 'Apps send traces to a closed APM port',
    severity: 'warning',
    category: 'networking',
    summary: 'An app sends traces to the node on port 8126 but the agent does not listen there.',
    why: 'datadog.apm.portEnabled is false by default; traces sent to the host IP are refused.',
    fix: 'Set datadog.apm.portEnabled: true,\nor send traces over the UDS socket.',
  },
  {
    id: 'api-key-literal',
    title: 'API key written in a manifest',
    severity: 'info',
    category: 'security',
    summary: 'An env var holds the API key as a literal.',
    why: 'Anyone who can read the Deployment can read the key.',
    fix: 'Use valueFrom.secretKeyRef.',
  },
  {
    id: 'unused-policy',
    title: 'A policy that does not fire',
    severity: 'warning',
    category: 'correctness',
    summary: 'Listed in SARIF rules even without results.',
    why: 'Because.',
    fix: 'Nothing.',
  },
];

function fromPolicy(id: string): Pick<Finding, 'ruleId' | 'severity' | 'title' | 'why' | 'fix'> {
  const p = policies.find((x) => x.id === id)!;
  return { ruleId: p.id, severity: p.severity, title: p.title, why: p.why, fix: p.fix };
}

/** Error at clusterAgent.token (values line 7, column 3). */
export const tokenFinding: Finding = {
  ...fromPolicy('cluster-agent-token-length'),
  message: 'clusterAgent.token is 30 characters; the cluster agent needs at least 32',
  location: { file: VALUES, line: 7, column: 3, valuesPath: 'clusterAgent.token' },
  object: { kind: 'Deployment', namespace: 'datadog', name: 'datadog-cluster-agent' },
  container: 'cluster-agent',
  related: [],
  helpUri: 'https://dd-lint.dev/policies/cluster-agent-token-length',
};

/** Warning about a chart default: points at `datadog:` (line 2), related to the app's env var. */
export const apmFinding: Finding = {
  ...fromPolicy('apm-port-closed'),
  message: 'Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open',
  location: { file: VALUES, line: 2, column: 1, valuesPath: 'datadog.apm.portEnabled', fromDefault: true },
  object: { kind: 'DaemonSet', namespace: 'datadog', name: 'datadog' },
  container: 'trace-agent',
  related: [{ file: `${CWD}/${APP}`, line: 12, column: 15, message: 'DD_AGENT_HOST is the node IP here' }],
};

/** Info in the manifest, on the line holding the API key. */
export const literalFinding: Finding = {
  ...fromPolicy('api-key-literal'),
  message: 'DD_API_KEY is a literal value (32 characters) in Deployment shop/web',
  location: { file: APP, line: 17, column: 15 },
  object: { kind: 'Deployment', namespace: 'shop', name: 'web' },
  container: 'web',
  related: [],
};

/** A value given with --set (the loader's origin: `--set <expr>`, line 1). */
export const setFinding: Finding = {
  ...fromPolicy('cluster-agent-token-length'),
  message: 'clusterAgent.token is 8 characters; the cluster agent needs at least 32',
  location: { file: '--set clusterAgent.enabled=true,clusterAgent.token=s3cr3t!!', line: 1, column: 1, source: 'set', valuesPath: 'clusterAgent.token' },
  related: [],
};

export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    cwd: CWD,
    policies,
    toolVersion: '0.1.0',
    sources: new Map([
      [VALUES, valuesText],
      [APP, appText],
      [`${CWD}/${APP}`, appText],
    ]),
    color: false,
    ...overrides,
  };
}

/** The token error, suppressed by a `# dd-lint-disable-next-line` comment with a reason. */
export const suppressedToken: Finding = {
  ...tokenFinding,
  suppression: { kind: 'comment', justification: 'staging cluster; the token is rotated by vault' },
};

/** The API-key info, suppressed by the object's `dd-lint.io/ignore` annotation, no reason given. */
export const suppressedLiteral: Finding = { ...literalFinding, suppression: { kind: 'annotation' } };
