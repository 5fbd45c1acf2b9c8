import t, { type Test } from 'tap';
import fc from 'fast-check';
import { escapeData, escapeProperty, github, workflowCommand } from '../src/report/github.js';
import type { Finding } from '../src/model/finding.js';
import { API_KEY, CLUSTER_TOKEN, apmFinding, context, literalFinding, setFinding, suppressedLiteral, suppressedToken, tokenFinding } from './helpers/findings.js';

/**
 * A workflow-command reader written from GitHub's spec, as the runner reads a line
 * (actions/runner ActionCommand.TryParseV2): `::` then the command name, a space and
 * `key=value` pairs split on `,` (each on its first `=`), `::`, then the message. Values are
 * unescaped by replacing, in this order, %0D, %0A (and in properties %3A, %2C), then %25.
 */
interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

const unescape = (text: string, mappings: [string, string][]) => mappings.reduce((s, [escaped, raw]) => s.split(escaped).join(raw), text);
const unescapeData = (text: string) => unescape(text, [['%0D', '\r'], ['%0A', '\n'], ['%25', '%']]);
const unescapeProperty = (text: string) => unescape(text, [['%0D', '\r'], ['%0A', '\n'], ['%3A', ':'], ['%2C', ','], ['%25', '%']]);

function parseCommand(line: string): Command | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = text.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, message: unescapeData(text.slice(end + 2)) };
}

/** Every line of the output, parsed; each must be a complete annotation command. */
function commands(t: Test, out: string): Command[] {
  if (out === '') return [];
  t.ok(out.endsWith('\n'), 'ends with a newline');
  return out
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      t.notMatch(line, /\r/, 'no carriage return inside a line');
      const parsed = parseCommand(line);
      t.ok(parsed, `parses as a workflow command: ${line}`);
      t.ok(['error', 'warning', 'notice'].includes(parsed!.command), 'an annotation command');
      for (const key of Object.keys(parsed!.properties)) t.ok(['file', 'line', 'col', 'endLine', 'endColumn', 'title'].includes(key), `known property ${key}`);
      return parsed!;
    });
}

t.test('one line per finding, sorted like stylish, levels mapped', async (t) => {
  const out = github([setFinding, literalFinding, tokenFinding, apmFinding], context());
  t.equal(
    out,
    [
      '::notice file=deploy/app.yaml,line=17,col=15,title=api-key-literal%3A API key written in a manifest::DD_API_KEY is a literal value (32 characters) in Deployment shop/web%0Afix: Use valueFrom.secretKeyRef.',
      '::warning file=deploy/values.yaml,line=2,col=1,title=apm-port-closed%3A Apps send traces to a closed APM port::Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open (chart default: datadog.apm.portEnabled is not set in your values; pointing at the nearest key you wrote)%0Asee deploy/app.yaml:12: DD_AGENT_HOST is the node IP here%0Afix: Set datadog.apm.portEnabled: true, or send traces over the UDS socket.',
      '::error file=deploy/values.yaml,line=7,col=3,title=cluster-agent-token-length%3A Cluster agent token too short::clusterAgent.token is 30 characters; the cluster agent needs at least 32%0Afix: Set clusterAgent.token to a random string of 32 characters or more.',
      '::error title=cluster-agent-token-length%3A Cluster agent token too short::clusterAgent.token is 8 characters; the cluster agent needs at least 32 (set on the command line: --set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>)%0Afix: Set clusterAgent.token to a random string of 32 characters or more.',
      '',
    ].join('\n'),
  );
  const parsed = commands(t, out);
  t.same(parsed.map((c) => c.command), ['notice', 'warning', 'error', 'error']);
  t.same(parsed[2], {
    command: 'error',
    properties: { file: 'deploy/values.yaml', line: '7', col: '3', title: 'cluster-agent-token-length: Cluster agent token too short' },
    message: 'clusterAgent.token is 30 characters; the cluster agent needs at least 32\nfix: Set clusterAgent.token to a random string of 32 characters or more.',
  });
  t.same(parsed[3]!.properties, { title: 'cluster-agent-token-length: Cluster agent token too short' }, 'a --set origin: no file to point at');
  for (const secret of [API_KEY, CLUSTER_TOKEN, 's3cr3t!!']) t.notMatch(out, secret, 'no secret value in the output');
});

t.test('end positions when known; no fix line when there is no fix', async (t) => {
  const ranged: Finding = { ...tokenFinding, fix: '', location: { ...tokenFinding.location, endLine: 7, endColumn: 40 } };
  const [cmd] = commands(t, github([ranged], context()));
  t.same(cmd!.properties, { file: 'deploy/values.yaml', line: '7', col: '3', endLine: '7', endColumn: '40', title: 'cluster-agent-token-length: Cluster agent token too short' });
  t.equal(cmd!.message, tokenFinding.message);
});

t.test('suppressed findings are not printed', async (t) => {
  t.equal(github([suppressedToken, suppressedLiteral], context()), '');
  t.same(commands(t, github([suppressedToken, apmFinding], context())).map((c) => c.properties['title']), ['apm-port-closed: Apps send traces to a closed APM port']);
  t.equal(github([], context()), '', 'no findings: no output');
});

t.test('tricky messages, titles and paths round-trip', async (t) => {
  const tricky = [
    'line one\nline two\r\nline three\rend',
    'key: value, other: value',
    '100% sure, %0A is not a newline, %25 is not a percent, %3A%2C neither',
    '::error file=evil.yaml,line=1::injected',
    'ends with a percent %',
    'a=b,c=d',
    '',
  ];
  for (const message of tricky) {
    const finding: Finding = {
      ...tokenFinding,
      message,
      fix: '',
      title: `Title: with, ${message}.`,
      location: { file: `/work/repo/odd, dir:1/${message.replace(/[\r\n]/g, '_')}%2C.yaml`, line: 4, column: 2 },
    };
    const out = github([finding], context());
    const [cmd, ...rest] = commands(t, out);
    t.same(rest, [], 'one line');
    t.equal(cmd!.message, message, JSON.stringify(message));
    t.equal(cmd!.properties['title'], `cluster-agent-token-length: Title: with, ${message}.`);
    t.equal(cmd!.properties['file'], `odd, dir:1/${message.replace(/[\r\n]/g, '_')}%2C.yaml`);
    t.equal(cmd!.properties['line'], '4');
  }
});

t.test('escaping: any text round-trips through the runner\'s unescaping', async (t) => {
  const tricky = fc.string({ unit: fc.constantFrom('%', '0', 'A', 'D', '2', '5', '3', 'C', ':', ',', '=', '\r', '\n', ' ', 'x', '😀'), maxLength: 30 });
  const anything = fc.oneof(tricky, fc.string({ unit: 'binary' }));
  fc.assert(
    fc.property(anything, anything, (message, title) => {
      // A property value cannot be empty or end in white space: the runner drops and trims those.
      fc.pre(title !== '' && !/\s$/.test(title));
      const line = workflowCommand('warning', { file: 'a.yaml', line: 1, title }, message);
      if (/[\r\n]/.test(line)) return false;
      const parsed = parseCommand(line);
      return parsed !== undefined && parsed.message === message && parsed.properties['title'] === title && parsed.properties['file'] === 'a.yaml';
    }),
    { numRuns: 2000 },
  );
  t.equal(escapeData('50%\r\n:,'), '50%25%0D%0A:,', 'data keeps : and ,');
  t.equal(escapeProperty('50%\r\n:,'), '50%25%0D%0A%3A%2C');
});
