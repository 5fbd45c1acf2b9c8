/**
 * JUnit XML, for CI test-report views (GitLab merge requests, Jenkins, Azure Pipelines...): every
 * active policy is a test suite and every linted file a test case in it, so a report lists one
 * passing or failing test per policy and file.
 *
 *   <testsuites name="dd-lint" tests="4" failures="1" errors="0">
 *     <testsuite name="cluster-agent-token-length" tests="2" failures="1" errors="0" skipped="0">
 *       <testcase name="deploy/app.yaml" classname="cluster-agent-token-length"/>
 *       <testcase name="deploy/values.yaml" classname="cluster-agent-token-length">
 *         <failure message="clusterAgent.token is 30 characters; the cluster agent needs at least 32" type="error">deploy/values.yaml:7:3: clusterAgent.token is 30 characters; the cluster agent needs at least 32
 *   object: Deployment datadog/datadog-cluster-agent, container: cluster-agent
 *   fix: Set clusterAgent.token to a random string of 32 characters or more.</failure>
 *       </testcase>
 *     </testsuite>
 *     <testsuite name="api-key-literal" tests="2" failures="0" errors="0" skipped="0">
 *       <testcase name="deploy/app.yaml" classname="api-key-literal">
 *         <system-out>info: deploy/app.yaml:17:15: DD_API_KEY is a literal value (32 characters) in Deployment shop/web
 *   object: Deployment shop/web, container: web
 *   fix: Use valueFrom.secretKeyRef.</system-out>
 *       </testcase>
 *       <testcase name="deploy/values.yaml" classname="api-key-literal"/>
 *     </testsuite>
 *   </testsuites>
 *
 * - Suites: ctx.policies in order, then any other rule id a finding uses (an input error), by id.
 * - Test cases: the files in ctx.sources (every input, so a clean file is a passing test), shown
 *   relative to the working directory; plus, in a suite, any other origin its findings point at
 *   (a file outside the inputs, a `--set` argument with secrets masked). `classname` is the policy
 *   id, `name` the file.
 * - One <failure> per finding: `message` = the finding's message, `type` = its severity, text =
 *   `file:line:col: message`, then the object/container, the chart-default note, related locations,
 *   and `fix:` (first paragraph). The message is repeated in the text because GitLab shows only
 *   the element's text (its XML-to-hash conversion drops the attributes of an element with text).
 *   Jenkins shows only the first <failure> of a test case in detail; the test still fails.
 * - Severity: errors and warnings are failures, as ESLint's junit formatter reports them and as CI
 *   users expect from a linter report (a warning is something to look at). Infos are not failures:
 *   they would turn a passing run's report red. They go to the test case's <system-out>, which
 *   Jenkins shows on the test's page, and the test passes.
 * - `tests`/`failures` count test cases (a test case with three findings is one failure); `errors`
 *   and `skipped` are always 0. No time, timestamp or hostname: the output is reproducible.
 * - Suppressed findings are not reported (their test case passes, if nothing else fails it).
 * - The XML is written by xmlbuilder2 (escaping, well-formedness checked). Characters XML 1.0
 *   cannot carry (control characters other than tab and newline, lone surrogates), C1 controls and
 *   U+2028/U+2029 (which some parsers read as line ends) are written as `\u001b`-style text first;
 *   in attributes, tabs and newlines become spaces (what an XML parser turns them into anyway).
 */
import { create } from 'xmlbuilder2';
import type { Finding } from '../model/finding.js';
import type { ReportContext, Reporter } from './types.js';
import type { Location } from '../model/location.js';
import { compareStrings, displayFile, firstParagraph, inFile, sortFindings, unsuppressed } from './common.js';

// What XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; unpaired surrogates) and what it
// discourages or some parsers read as line ends (C1 controls with NEL, U+2028/U+2029: XML 1.1 rules).
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text XML 1.0 can carry (line ends as LF, which is what a parser reads anyway). */
function xmlText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function xmlAttribute(text: string): string {
  return xmlText(text).replace(/[\t\n]/g, ' ');
}

interface TestCase {
  name: string;
  inFile: boolean;
  failures: Finding[];
  infos: Finding[];
}

interface TestSuite {
  id: string;
  cases: Map<string, TestCase>;
}

/** `file:line:column` (`file:line` when `withColumn` is false), or the name of a location outside a file. */
function where(loc: Location, withColumn: boolean, cwd: string): string {
  const shown = displayFile(loc, cwd);
  if (!inFile(loc)) return shown;
  return withColumn ? `${shown}:${loc.line}:${loc.column}` : `${shown}:${loc.line}`;
}

/** The failure's text: where, what, in which object, then related places and the fix. */
function details(f: Finding, cwd: string): string {
  const lines = [`${where(f.location, true, cwd)}: ${f.message}`];
  const object = f.object ? `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : undefined;
  if (object || f.container) lines.push([object && `object: ${object}`, f.container && `container: ${f.container}`].filter(Boolean).join(', '));
  if (f.location.fromDefault) {
    const what = f.location.valuesPath ? `${f.location.valuesPath} is not set in your values` : 'not set in your values';
    lines.push(`(chart default) ${what}; pointing at the nearest key you wrote`);
  }
  for (const r of f.related) lines.push(`see ${where(r, false, cwd)}: ${r.message}`);
  const fix = firstParagraph(f.fix);
  if (fix) lines.push(`fix: ${fix}`);
  return lines.join('\n');
}

export const junit: Reporter = (findings: Finding[], ctx: ReportContext): string => {
  const shown = sortFindings(unsuppressed(findings), ctx.cwd);

  const linted = new Map<string, boolean>(); // shown name → is a file
  for (const file of ctx.sources.keys()) linted.set(displayFile({ file }, ctx.cwd), inFile({ file }));

  const newSuite = (id: string): TestSuite => ({
    id,
    cases: new Map([...linted].map(([name, inFile]) => [name, { name, inFile, failures: [], infos: [] }])),
  });
  const suites = new Map<string, TestSuite>();
  for (const policy of ctx.policies) if (!suites.has(policy.id)) suites.set(policy.id, newSuite(policy.id));
  const others = [...new Set(shown.map((f) => f.ruleId).filter((id) => !suites.has(id)))].sort(compareStrings);
  for (const id of others) suites.set(id, newSuite(id));

  for (const f of shown) {
    const suite = suites.get(f.ruleId)!;
    const name = displayFile(f.location, ctx.cwd);
    let testCase = suite.cases.get(name);
    if (!testCase) suite.cases.set(name, (testCase = { name, inFile: inFile(f.location), failures: [], infos: [] }));
    (f.severity === 'info' ? testCase.infos : testCase.failures).push(f);
  }

  const ordered = (suite: TestSuite) =>
    [...suite.cases.values()].sort((a, b) => Number(b.inFile) - Number(a.inFile) || compareStrings(a.name, b.name));
  const failing = (suite: TestSuite) => [...suite.cases.values()].filter((c) => c.failures.length > 0).length;
  const total = (count: (s: TestSuite) => number) => [...suites.values()].reduce((sum, s) => sum + count(s), 0);

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'dd-lint',
    tests: String(total((s) => s.cases.size)),
    failures: String(total(failing)),
    errors: '0',
  });
  for (const suite of suites.values()) {
    const el = root.ele('testsuite', {
      name: xmlAttribute(suite.id),
      tests: String(suite.cases.size),
      failures: String(failing(suite)),
      errors: '0',
      skipped: '0',
    });
    for (const testCase of ordered(suite)) {
      const tc = el.ele('testcase', { name: xmlAttribute(testCase.name), classname: xmlAttribute(suite.id) });
      for (const f of testCase.failures) {
        tc.ele('failure', { message: xmlAttribute(f.message), type: f.severity }).txt(xmlText(details(f, ctx.cwd)));
      }
      if (testCase.infos.length > 0) {
        tc.ele('system-out').txt(xmlText(testCase.infos.map((f) => `info: ${details(f, ctx.cwd)}`).join('\n\n')));
      }
    }
  }
  return root.end({ prettyPrint: true, wellFormed: true }) + '\n';
};
