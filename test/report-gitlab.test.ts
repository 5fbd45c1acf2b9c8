import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { gitlab } from '../src/report/gitlab.js';
import { sarif } from '../src/report/sarif.js';
import type { Finding } from '../src/model/finding.js';
import { REPO_ROOT } from './helpers/cli.js';
import { API_KEY, CLUSTER_TOKEN, apmFinding, context, literalFinding, setFinding, suppressedLiteral, suppressedToken, tokenFinding } from './helpers/findings.js';

const schema = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'schemas', name), 'utf8'));
// strictRequired off: `anyOf: [{required: ["lines"]}, ...]` names properties declared one level up (a schema-authoring lint).
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// GitLab's own parser schema checks each entry; the documented one the whole array.
const parserEntry = ajv.compile(schema('gitlab-codeclimate.schema.json'));
const documented = ajv.compile(schema('gitlab-codequality-documented.schema.json'));

function validReport(t: Test, findings: Finding[], ctx = context()): any[] {
  const out = gitlab(findings, ctx);
  t.notOk(out.startsWith('\uFEFF'), 'no byte order mark (GitLab refuses one)');
  const report = JSON.parse(out);
  documented(report);
  t.same(documented.errors ?? [], [], "valid against GitLab's documented fields");
  for (const entry of report) {
    parserEntry(entry);
    t.same(parserEntry.errors ?? [], [], "valid against GitLab's parser schema");
  }
  return report;
}

t.test('the schema checks can fail', async (t) => {
  const [issue] = JSON.parse(gitlab([tokenFinding], context()));
  const broken = [
    (i: any) => (i.severity = 'error'),
    (i: any) => delete i.check_name,
    (i: any) => delete i.location.lines,
    (i: any) => (i.location.lines.begin = '7'),
    (i: any) => delete i.fingerprint,
  ];
  for (const [n, breakIt] of broken.entries()) {
    const copy = structuredClone(issue);
    breakIt(copy);
    t.equal(documented([copy]), false, `broken ${n} is rejected`);
  }
  t.equal(parserEntry({ ...issue, description: 1 }), false, 'the parser schema rejects a non-string description');
});

t.test('one issue per finding, sorted like stylish, severities mapped', async (t) => {
  const report = validReport(t, [setFinding, literalFinding, tokenFinding, apmFinding]);
  const sarifHashes = JSON.parse(sarif([setFinding, literalFinding, tokenFinding, apmFinding], context())).runs[0].results.map(
    (r: any) => r.partialFingerprints.primaryLocationLineHash,
  );
  t.same(
    report.map((i) => i.fingerprint),
    sarifHashes,
    'the same fingerprints as SARIF',
  );
  t.same(
    report.map(({ fingerprint: _, ...rest }) => rest),
    [
      {
        description: 'DD_API_KEY is a literal value (32 characters) in Deployment shop/web',
        check_name: 'api-key-literal',
        severity: 'info',
        location: { path: 'deploy/app.yaml', lines: { begin: 17 } },
      },
      {
        description:
          'Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open (chart default: datadog.apm.portEnabled is not set in your values; pointing at the nearest key you wrote)',
        check_name: 'apm-port-closed',
        severity: 'minor',
        location: { path: 'deploy/values.yaml', lines: { begin: 2 } },
      },
      {
        description: 'clusterAgent.token is 30 characters; the cluster agent needs at least 32',
        check_name: 'cluster-agent-token-length',
        severity: 'major',
        location: { path: 'deploy/values.yaml', lines: { begin: 7 } },
      },
      {
        description:
          'clusterAgent.token is 8 characters; the cluster agent needs at least 32 (set on the command line: --set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>)',
        check_name: 'cluster-agent-token-length',
        severity: 'major',
        location: { path: 'deploy/values.yaml', lines: { begin: 1 } },
      },
    ],
  );
  t.match(report[0].fingerprint, /^[0-9a-f]{16}:1$/);
  const out = JSON.stringify(report);
  for (const secret of [API_KEY, CLUSTER_TOKEN, 's3cr3t!!']) t.notMatch(out, secret, 'no secret value in the output');
});

t.test('fingerprints: the same when lines move, distinct for identical findings', async (t) => {
  const moved: Finding = { ...tokenFinding, location: { ...tokenFinding.location, line: 40, column: 9 } };
  const [a] = JSON.parse(gitlab([tokenFinding], context()));
  const [b] = JSON.parse(gitlab([moved], context()));
  t.equal(a.fingerprint, b.fingerprint, 'a finding that moved keeps its fingerprint');
  t.not(a.location.lines.begin, b.location.lines.begin);
  const twice = validReport(t, [tokenFinding, moved]);
  t.equal(new Set(twice.map((i) => i.fingerprint)).size, 2, 'two identical findings get two fingerprints (GitLab would merge them)');
  const other = JSON.parse(gitlab([{ ...tokenFinding, ruleId: 'another-rule' }], context()))[0];
  t.not(other.fingerprint, a.fingerprint, 'another rule, another fingerprint');
});

t.test('a --set finding with no file anywhere keeps the argument as its path', async (t) => {
  const report = validReport(t, [setFinding], context({ sources: new Map() }));
  t.equal(report[0].location.path, '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>');
  t.equal(report[0].location.lines.begin, 1);
});

t.test('files outside the working directory, line 0 clamped', async (t) => {
  const report = validReport(t, [{ ...tokenFinding, location: { file: '/elsewhere/values.yaml', line: 0, column: 0 } }]);
  t.same(report[0].location, { path: '../../elsewhere/values.yaml', lines: { begin: 1 } });
});

t.test('suppressed findings are left out; no findings is an empty array', async (t) => {
  t.same(validReport(t, [suppressedToken, suppressedLiteral]), []);
  t.equal(gitlab([], context()), '[]\n');
  t.same(validReport(t, [suppressedToken, apmFinding]).map((i) => i.check_name), ['apm-port-closed']);
});
