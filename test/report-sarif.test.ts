import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import { sarif, pascalCase } from '../src/report/sarif.js';
import type { Finding } from '../src/model/finding.js';
import {
  API_KEY,
  CLUSTER_TOKEN,
  VALUES,
  apmFinding,
  context,
  literalFinding,
  policies,
  setFinding,
  suppressedLiteral,
  suppressedToken,
  tokenFinding,
} from './helpers/findings.js';
import { REPO_ROOT } from './helpers/cli.js';

// ajv-draft-04 is CommonJS: under NodeNext its default import is module.exports, typed as the module.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ?? Ajv04Module) as typeof Ajv04Module.default;

const OASIS_SCHEMA = join(REPO_ROOT, 'test', 'fixtures', 'schemas', 'sarif-schema-2.1.0.json');
// strictRequired off: the OASIS schema's own `anyOf: [{required: ["index"]}, ...]` trips it (a schema-authoring lint, not validation).
const ajv = new Ajv04({ allErrors: true, strict: true, strictRequired: false });
// The schema's formats, checked rather than ignored (RFC 3986 characters; an absolute uri needs a scheme).
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
ajv.addFormat('uri', (s: string) => URI_CHARS.test(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s) && URL.canParse(s, 'file:///base/'));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(JSON.parse(readFileSync(OASIS_SCHEMA, 'utf8')));

function validSarif(t: Test, findings: Finding[], ctx = context()): any {
  const log = JSON.parse(sarif(findings, ctx));
  validate(log);
  t.same(validate.errors ?? [], [], 'zero errors against the OASIS SARIF 2.1.0 schema');
  return log;
}

t.test('the schema check can fail', async (t) => {
  const log = JSON.parse(sarif([tokenFinding], context()));
  const broken = [
    (l: any) => (l.runs[0].results[0].level = 'info'),
    (l: any) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'deploy/my values.yaml'),
    (l: any) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0),
    (l: any) => (l.runs[0].tool.driver.informationUri = 'not a uri'),
    (l: any) => (l.version = '2.0.0'),
    (l: any) => (l.runs[0].results[0].suppressions = [{ kind: 'inComment' }]),
    (l: any) => (l.runs[0].results[0].suppressions = [{ justification: 'no kind' }]),
  ];
  for (const [i, breakIt] of broken.entries()) {
    const copy = structuredClone(log);
    breakIt(copy);
    t.equal(validate(copy), false, `broken ${i} is rejected`);
  }
});

t.test('findings with related locations, chart defaults, info level and a --set origin', async (t) => {
  const log = validSarif(t, [setFinding, literalFinding, tokenFinding, apmFinding]);
  t.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  t.equal(log.version, '2.1.0');
  t.equal(log.runs.length, 1);
  const run = log.runs[0];
  t.same(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/repo/' } });
  t.equal(run.tool.driver.name, 'dd-lint');
  t.equal(run.tool.driver.version, '0.1.0');

  t.same(
    run.tool.driver.rules.map((r: any) => r.id),
    policies.map((p) => p.id),
    'every active policy is a rule, fired or not, in order',
  );
  t.same(run.tool.driver.rules[0], {
    id: 'cluster-agent-token-length',
    name: 'ClusterAgentTokenLength',
    shortDescription: { text: 'Cluster agent token too short' },
    fullDescription: { text: 'The cluster agent token must be at least 32 characters.' },
    help: {
      text:
        'The cluster agent refuses to start with a token shorter than 32 characters, so node agents lose cluster-level metadata.\n\n' +
        'Fix: Set clusterAgent.token to a random string of 32 characters or more.\n\nOr remove it: the chart then generates one.\n\n' +
        'References:\n- https://docs.datadoghq.com/containers/cluster_agent/setup/\n- incidents/004.md',
      markdown:
        '**Why**\n\nThe cluster agent refuses to start with a token shorter than 32 characters, so node agents lose cluster-level metadata.\n\n' +
        '**Fix**\n\nSet clusterAgent.token to a random string of 32 characters or more.\n\nOr remove it: the chart then generates one.\n\n' +
        '**References**\n\n- <https://docs.datadoghq.com/containers/cluster_agent/setup/>\n- incidents/004.md',
    },
    helpUri: 'https://dd-lint.dev/policies/cluster-agent-token-length',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'datadog', 'kubernetes'], precision: 'high' },
  });
  t.equal(run.tool.driver.rules[1].helpUri, undefined, 'no helpUri when none is known');
  t.equal(run.tool.driver.rules[2].defaultConfiguration.level, 'note');

  const [literal, apm, token, set] = run.results;
  t.same(literal, {
    ruleId: 'api-key-literal',
    ruleIndex: 2,
    level: 'note',
    message: { text: 'DD_API_KEY is a literal value (32 characters) in Deployment shop/web' },
    locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 17, startColumn: 15 } } }],
    partialFingerprints: { primaryLocationLineHash: literal.partialFingerprints.primaryLocationLineHash },
    properties: { object: { kind: 'Deployment', namespace: 'shop', name: 'web' }, container: 'web' },
  });
  t.match(literal.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{16}:1$/);

  t.equal(apm.level, 'warning');
  t.equal(
    apm.message.text,
    'Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open' +
      ' (chart default: datadog.apm.portEnabled is not set in your values; pointing at the nearest key you wrote)' +
      ' See [DD_AGENT_HOST is the node IP here](1).',
  );
  t.same(apm.relatedLocations, [
    {
      id: 1,
      physicalLocation: { artifactLocation: { uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 15 } },
      message: { text: 'DD_AGENT_HOST is the node IP here' },
    },
  ]);
  t.same(apm.properties, {
    object: { kind: 'DaemonSet', namespace: 'datadog', name: 'datadog' },
    container: 'trace-agent',
    valuesPath: 'datadog.apm.portEnabled',
    fromDefault: true,
  });

  t.equal(token.ruleIndex, 0);
  t.equal(token.level, 'error');
  t.same(token.locations[0].physicalLocation, {
    artifactLocation: { uri: 'deploy/values.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 7, startColumn: 3 },
  });

  const shownSet = '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>';
  t.same(set.locations, [
    {
      physicalLocation: { artifactLocation: { uri: 'deploy/values.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1 } },
      logicalLocations: [{ name: shownSet, fullyQualifiedName: shownSet, kind: 'commandLineArgument' }],
      message: { text: `set on the command line: ${shownSet}` },
    },
  ], 'a --set origin: line 1 of the first linted file, the argument as a logical location');
  t.equal(set.message.text, `clusterAgent.token is 8 characters; the cluster agent needs at least 32 (set on the command line: ${shownSet})`);

  const out = JSON.stringify(log);
  for (const secret of [API_KEY, CLUSTER_TOKEN, 's3cr3t!!']) t.notMatch(out, secret, 'no secret value in the output');
});

t.test('suppressed findings stay results, with an in-source suppression', async (t) => {
  const log = validSarif(t, [suppressedToken, suppressedLiteral, apmFinding]);
  const results = log.runs[0].results;
  t.same(
    results.map((r: any) => [r.ruleId, r.suppressions]),
    [
      ['api-key-literal', [{ kind: 'inSource' }]],
      ['apm-port-closed', undefined],
      ['cluster-agent-token-length', [{ kind: 'inSource', justification: 'staging cluster; the token is rotated by vault' }]],
    ],
    'comments and annotations are both in the source; a justification only when one was given',
  );
  const plain = validSarif(t, [tokenFinding, literalFinding, apmFinding]).runs[0].results;
  t.same(
    results.map((r: any) => ({ ...r, suppressions: undefined })),
    plain.map((r: any) => ({ ...r, suppressions: undefined })),
    'otherwise the same results (fingerprints included), so an alert keeps its identity when suppressed',
  );
});

t.test('no findings: every policy as a rule, no results', async (t) => {
  const log = validSarif(t, []);
  t.same(log.runs[0].results, []);
  t.equal(log.runs[0].tool.driver.rules.length, policies.length);
});

t.test('non-file origins without any file, unknown rules, odd paths', async (t) => {
  const onlySet: Finding = { ...setFinding, related: [{ file: '--set x.token=abc', line: 1, column: 1, source: 'set', message: 'also here' }] };
  const log = validSarif(t, [onlySet], context({ sources: new Map() }));
  const result = log.runs[0].results[0];
  t.equal(result.locations[0].physicalLocation, undefined, 'no file to point at: logical location only');
  t.equal(result.locations[0].logicalLocations[0].kind, 'commandLineArgument');
  t.equal(result.relatedLocations[0].message.text, 'also here (set on the command line: --set x.token=<redacted, 3 chars>)');

  const unknown: Finding = { ...tokenFinding, ruleId: 'input-error', title: 'Cannot read input', location: { file: '/work/repo/my values #1.yaml', line: 3, column: 1 } };
  const outside: Finding = { ...tokenFinding, location: { file: '/etc/dd/values.yaml', line: 2, column: 5, endLine: 2, endColumn: 9 } };
  const log2 = validSarif(t, [unknown, outside]);
  const rules = log2.runs[0].tool.driver.rules;
  t.equal(rules.length, policies.length + 1, 'a rule id that is no policy is added');
  t.same(rules.at(-1).id, 'input-error');
  t.same(rules.at(-1).name, 'InputError');
  const [second, first] = log2.runs[0].results; // sorted by path: ../../etc/dd/values.yaml first
  t.same(first.locations[0].physicalLocation.artifactLocation, { uri: 'my%20values%20%231.yaml', uriBaseId: '%SRCROOT%' });
  t.equal(first.ruleIndex, policies.length);
  t.same(second.locations[0].physicalLocation, {
    artifactLocation: { uri: 'file:///etc/dd/values.yaml' },
    region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 9 },
  }, 'outside the working directory: an absolute file uri');
});

t.test('fingerprints: stable when lines move, distinct otherwise', async (t) => {
  const hash = (f: Finding[]) => JSON.parse(sarif(f, context())).runs[0].results.map((r: any) => r.partialFingerprints.primaryLocationLineHash);
  const [base] = hash([tokenFinding]);
  const [moved] = hash([{ ...tokenFinding, location: { ...tokenFinding.location, line: 12, column: 5 } }]);
  t.equal(moved, base, 'same finding two lines down: same fingerprint');
  const [lineInMessage] = hash([{ ...tokenFinding, message: 'duplicate key clusterAgent.token (first at line 3)' }]);
  const [lineInMessage2] = hash([{ ...tokenFinding, message: 'duplicate key clusterAgent.token (first at line 5)' }]);
  t.equal(lineInMessage, lineInMessage2, 'line numbers in the message do not count');
  const [otherRule] = hash([{ ...tokenFinding, ruleId: 'other' }]);
  const [otherObject] = hash([{ ...tokenFinding, object: { kind: 'Deployment', namespace: 'x', name: 'y' } }]);
  const [otherFile] = hash([{ ...tokenFinding, location: { ...tokenFinding.location, file: 'b.yaml' } }]);
  t.equal(new Set([base, otherRule, otherObject, otherFile]).size, 4);
  const twins = hash([tokenFinding, { ...tokenFinding, location: { ...tokenFinding.location, line: 8 } }]);
  t.same(twins, [base, base!.replace(/:1$/, ':2')], 'identical findings get :1, :2');
  const [setA] = hash([setFinding]);
  const [setB] = hash([{ ...setFinding, location: { ...setFinding.location, file: '--set clusterAgent.token=another-value' } }]);
  t.equal(setA, setB, 'a --set origin counts as --set, not by its value');
});

t.test('message text: a [x](n) in a message is not read as a link', async (t) => {
  const log = validSarif(t, [{ ...tokenFinding, message: 'env[0](1) is odd' }]);
  t.equal(log.runs[0].results[0].message.text, 'env\\[0\\](1) is odd');
  const log2 = validSarif(t, [{ ...apmFinding, related: [{ ...apmFinding.related[0]!, message: 'see [here]' }] }]);
  t.match(log2.runs[0].results[0].message.text, / See \[see \\\[here\\\]\]\(1\)\.$/);
});

t.test('pascalCase', async (t) => {
  t.equal(pascalCase('cluster-agent-token-too-short'), 'ClusterAgentTokenTooShort');
  t.equal(pascalCase('apm-hostip-unreachable'), 'ApmHostipUnreachable');
});

t.test('sources are not dumped', async (t) => {
  const out = sarif([tokenFinding], context({ sources: new Map([[VALUES, 'clusterAgent:\n  token: UNIQUE-MARKER\n']]) }));
  t.notMatch(out, 'UNIQUE-MARKER');
});
