import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { json } from '../src/report/json.js';
import type { Finding } from '../src/model/finding.js';
import {
  API_KEY,
  CLUSTER_TOKEN,
  apmFinding,
  context,
  literalFinding,
  setFinding,
  suppressedLiteral,
  suppressedToken,
  tokenFinding,
} from './helpers/findings.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

function valid(t: Test, report: unknown): void {
  const ok = validate(report);
  t.same(validate.errors ?? [], [], 'no schema errors');
  t.equal(ok, true, 'valid against schemas/report.schema.json');
}

t.test('the documented shape, with every key present', async (t) => {
  const out = json([apmFinding], context());
  t.ok(out.endsWith('}\n'), 'ends with a newline');
  const report = JSON.parse(out);
  valid(t, report);
  t.same(report, {
    version: 1,
    tool: { name: 'dd-lint', version: '0.1.0' },
    findings: [
      {
        ruleId: 'apm-port-closed',
        severity: 'warning',
        title: 'Apps send traces to a closed APM port',
        message: 'Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open',
        location: {
          file: 'deploy/values.yaml',
          inFile: true,
          line: 2,
          column: 1,
          endLine: null,
          endColumn: null,
          fromDefault: true,
          valuesPath: 'datadog.apm.portEnabled',
        },
        object: { kind: 'DaemonSet', namespace: 'datadog', name: 'datadog' },
        container: 'trace-agent',
        related: [
          { file: 'deploy/app.yaml', inFile: true, line: 12, column: 15, endLine: null, endColumn: null, message: 'DD_AGENT_HOST is the node IP here' },
        ],
        why: 'datadog.apm.portEnabled is false by default; traces sent to the host IP are refused.',
        fix: 'Set datadog.apm.portEnabled: true,\nor send traces over the UDS socket.',
        helpUri: null,
        suppression: null,
      },
    ],
    summary: { errors: 0, warnings: 1, infos: 0 },
  });
  t.same(Object.keys(report.findings[0]), [
    'ruleId', 'severity', 'title', 'message', 'location', 'object', 'container', 'related', 'why', 'fix', 'helpUri', 'suppression',
  ], 'stable key order');
});

t.test('all samples: sorted, counted, valid, no secret values', async (t) => {
  const out = json([setFinding, tokenFinding, literalFinding, apmFinding], context());
  const report = JSON.parse(out);
  valid(t, report);
  t.same(
    report.findings.map((f: { ruleId: string; location: { file: string; line: number } }) => `${f.location.file}:${f.location.line} ${f.ruleId}`),
    [
      'deploy/app.yaml:17 api-key-literal',
      'deploy/values.yaml:2 apm-port-closed',
      'deploy/values.yaml:7 cluster-agent-token-length',
      '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>:1 cluster-agent-token-length',
    ],
  );
  t.same(report.findings[3].location, {
    file: '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>',
    inFile: false,
    line: 1,
    column: 1,
    endLine: null,
    endColumn: null,
    fromDefault: false,
    valuesPath: 'clusterAgent.token',
  });
  t.equal(report.findings[2].helpUri, 'https://dd-lint.dev/policies/cluster-agent-token-length');
  t.same(report.summary, { errors: 2, warnings: 1, infos: 1 });
  for (const secret of [API_KEY, CLUSTER_TOKEN, 's3cr3t!!']) t.notMatch(out, secret, 'no secret value in the output');
  t.notMatch(out, 'fieldPath', 'nothing from the sources is printed');
});

t.test('suppressed findings are kept with their suppression, and not counted', async (t) => {
  const report = JSON.parse(json([suppressedToken, suppressedLiteral, apmFinding], context()));
  valid(t, report);
  t.same(
    report.findings.map((f: { ruleId: string; suppression: unknown }) => [f.ruleId, f.suppression]),
    [
      ['api-key-literal', { kind: 'annotation', justification: null }],
      ['apm-port-closed', null],
      ['cluster-agent-token-length', { kind: 'comment', justification: 'staging cluster; the token is rotated by vault' }],
    ],
  );
  t.same(report.summary, { errors: 0, warnings: 1, infos: 0 }, 'only the unsuppressed warning counts');
});

t.test('no findings', async (t) => {
  const report = JSON.parse(json([], context()));
  valid(t, report);
  t.same(report, { version: 1, tool: { name: 'dd-lint', version: '0.1.0' }, findings: [], summary: { errors: 0, warnings: 0, infos: 0 } });
});

t.test('the schema rejects drift (so the validation above can fail)', async (t) => {
  const report = JSON.parse(json([tokenFinding], context()));
  const drifted = [
    (r: any) => delete r.findings[0].helpUri,
    (r: any) => (r.findings[0].location.extra = 1),
    (r: any) => (r.findings[0].severity = 'fatal'),
    (r: any) => (r.findings[0].location.line = 0),
    (r: any) => (r.findings[0].object = { kind: 'Pod' }),
    (r: any) => (r.version = 2),
    (r: any) => delete r.findings[0].suppression,
    (r: any) => (r.findings[0].suppression = { kind: 'baseline', justification: null }),
    (r: any) => (r.findings[0].suppression = { kind: 'comment' }),
  ];
  for (const [i, drift] of drifted.entries()) {
    const copy = structuredClone(report);
    drift(copy);
    t.equal(validate(copy), false, `drift ${i} is rejected`);
  }
});

t.test('a location is in a file by its kind, not by how its name reads', async (t) => {
  const at = (location: Finding['location']) => JSON.parse(json([{ ...apmFinding, location, related: [] }], context())).findings[0].location;
  t.match(at({ file: '--values.yaml', line: 3, column: 1 }), { file: '--values.yaml', inFile: true, line: 3 }, 'a file named like a flag is a file');
  t.match(at({ file: '<stdin>', line: 3, column: 1 }), { file: '<stdin>', inFile: false, line: 3 }, 'stdin has no path');
  t.match(
    at({ file: 'release.yaml values', line: 1, column: 1, source: 'object', valuesPath: 'datadog.apiKey' }),
    { file: 'release.yaml values', inFile: false, valuesPath: 'datadog.apiKey' },
    "a release Secret's values are located by path, not in a file",
  );
  t.match(at({ file: '--set a.token=abc', line: 1, column: 1, source: 'set' }), { file: '--set a.token=<redacted, 3 chars>', inFile: false }, 'a --set argument, masked');
});
