import t from 'tap';
import { stylish } from '../src/report/stylish.js';
import type { Finding } from '../src/model/finding.js';
import {
  API_KEY,
  APP,
  CLUSTER_TOKEN,
  VALUES,
  apmFinding,
  context,
  literalFinding,
  setFinding,
  suppressedLiteral,
  suppressedToken,
  tokenFinding,
} from './helpers/findings.js';

t.test('no findings: nothing at all', async (t) => {
  t.equal(stylish([], context()), '');
  t.equal(stylish([], context({ color: true })), '');
});

t.test('one finding: location line, code frame with the secret masked, fix, summary', async (t) => {
  t.equal(
    stylish([tokenFinding], context()),
    [
      'deploy/values.yaml',
      '  7:3  error  clusterAgent.token is 30 characters; the cluster agent needs at least 32  cluster-agent-token-length',
      '      5 | clusterAgent:',
      '      6 |   enabled: true',
      '    > 7 |   token: <redacted, 30 chars>',
      '        |   ^',
      '      8 | agents:',
      '      9 |   useHostNetwork: false',
      '    fix: Set clusterAgent.token to a random string of 32 characters or more.',
      '',
      '✖ 1 problem (1 error, 0 warnings, 0 infos)',
      '',
    ].join('\n'),
  );
});

t.test('several files: sorted by file, line, column; chart default hint; related; --set origins last', async (t) => {
  const out = stylish([setFinding, literalFinding, tokenFinding, apmFinding], context());
  t.equal(
    out,
    [
      'deploy/app.yaml',
      '  17:15  info  DD_API_KEY is a literal value (32 characters) in Deployment shop/web  api-key-literal',
      '      15 |                   fieldPath: status.hostIP',
      '      16 |             - name: DD_API_KEY',
      '    > 17 |               value: <redacted, 32 chars>',
      '         |               ^',
      '    fix: Use valueFrom.secretKeyRef.',
      '',
      'deploy/values.yaml',
      '  2:1  warning  Deployment shop/web sends traces to the host IP on port 8126, which the agent does not open  apm-port-closed',
      '    (chart default) datadog.apm.portEnabled is not set in your values; pointing at the nearest key you wrote',
      '      1 | # values for the shop cluster',
      '    > 2 | datadog:',
      '        | ^',
      '      3 |   apiKey: <redacted, 32 chars>',
      '      4 |   site: datadoghq.com',
      '    fix: Set datadog.apm.portEnabled: true, or send traces over the UDS socket.',
      '    see deploy/app.yaml:12: DD_AGENT_HOST is the node IP here',
      '',
      '  7:3  error  clusterAgent.token is 30 characters; the cluster agent needs at least 32  cluster-agent-token-length',
      '      5 | clusterAgent:',
      '      6 |   enabled: true',
      '    > 7 |   token: <redacted, 30 chars>',
      '        |   ^',
      '      8 | agents:',
      '      9 |   useHostNetwork: false',
      '    fix: Set clusterAgent.token to a random string of 32 characters or more.',
      '',
      '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>',
      '  1:1  error  clusterAgent.token is 8 characters; the cluster agent needs at least 32  cluster-agent-token-length',
      '    fix: Set clusterAgent.token to a random string of 32 characters or more.',
      '',
      '✖ 4 problems (2 errors, 1 warning, 1 info)',
      '',
    ].join('\n'),
  );
  for (const secret of [API_KEY, CLUSTER_TOKEN, 's3cr3t!!']) t.notMatch(out, secret, 'no secret value in the output');
});

t.test('suppressed findings are neither printed nor counted', async (t) => {
  t.equal(stylish([suppressedToken, suppressedLiteral], context()), '', 'all suppressed: nothing at all');
  const out = stylish([suppressedToken, apmFinding, suppressedLiteral], context());
  t.equal(out, stylish([apmFinding], context()), 'the same as without them');
  t.match(out, '\n✖ 1 problem (0 errors, 1 warning, 0 infos)\n');
  t.notMatch(out, 'cluster-agent-token-length');
  t.notMatch(out, 'api-key-literal');
});

t.test('colours only when asked, as ANSI SGR codes', async (t) => {
  const out = stylish([tokenFinding], context({ color: true }));
  const lines = out.split('\n');
  t.equal(lines[0], '\u001b[4mdeploy/values.yaml\u001b[24m');
  t.equal(
    lines[1],
    '  \u001b[2m7:3\u001b[22m  \u001b[31merror\u001b[39m  clusterAgent.token is 30 characters; the cluster agent needs at least 32  \u001b[2mcluster-agent-token-length\u001b[22m',
  );
  t.equal(lines[4], '    \u001b[31m\u001b[1m>\u001b[22m\u001b[39m \u001b[2m7 |\u001b[22m   token: <redacted, 30 chars>');
  t.equal(lines[5], '      \u001b[2m  |\u001b[22m   \u001b[31m\u001b[1m^\u001b[22m\u001b[39m');
  t.equal(lines.at(-2), '\u001b[31m\u001b[1m✖ 1 problem (1 error, 0 warnings, 0 infos)\u001b[22m\u001b[39m');
  t.notMatch(stylish([tokenFinding], context()), '\u001b', 'no escape codes without colour');
});

t.test('summary counts and colour follow the worst severity', async (t) => {
  const info = stylish([literalFinding], context({ color: true }));
  t.match(info, '\u001b[36m\u001b[1m✖ 1 problem (0 errors, 0 warnings, 1 info)\u001b[22m\u001b[39m\n');
  const two = stylish([literalFinding, { ...literalFinding, location: { ...literalFinding.location, line: 16 } }], context());
  t.match(two, '✖ 2 problems (0 errors, 0 warnings, 2 infos)\n');
});

t.test('code frame edges, unknown sources, tabs, CRLF', async (t) => {
  const at = (file: string, line: number, column: number): Finding => ({ ...tokenFinding, location: { file, line, column } });
  const frame = (out: string) => out.split('\n').filter((l) => /^ {4}[> ] +\d+ \||^ {6} +\|/.test(l));

  t.same(frame(stylish([at(VALUES, 1, 1)], context())), [
    '    > 1 | # values for the shop cluster',
    '        | ^',
    '      2 | datadog:',
    '      3 |   apiKey: <redacted, 32 chars>',
  ]);
  t.same(frame(stylish([at(VALUES, 9, 30)], context())), [
    '      7 |   token: <redacted, 30 chars>',
    '      8 | agents:',
    '    > 9 |   useHostNetwork: false',
    '        |                        ^',
  ], 'last line (the final newline is not a line); a column past the end is clamped');
  t.same(frame(stylish([at(VALUES, 40, 1)], context())), [], 'a line past the end: no frame');
  t.same(frame(stylish([at('other.yaml', 2, 1)], context())), [], 'unknown source: no frame');

  const sources = new Map([['tabs.yaml', 'a: 1\r\nb:\t"x" # c\r\n']]);
  t.same(frame(stylish([at('tabs.yaml', 2, 4)], context({ sources }))), [
    '      1 | a: 1',
    '    > 2 | b:\t"x" # c',
    '        |   \t^',
  ]);
});

t.test('fix: first paragraph on one line; empty fix: no line', async (t) => {
  const out = stylish([{ ...tokenFinding, fix: 'Line one\ncontinues.\n\nSecond paragraph.' }], context());
  t.match(out, '\n    fix: Line one continues.\n');
  t.notMatch(out, 'Second paragraph');
  t.notMatch(stylish([{ ...tokenFinding, fix: '' }], context()), 'fix:');
});

t.test('paths relative to cwd; related locations on --set origins', async (t) => {
  const out = stylish(
    [{ ...tokenFinding, location: { file: '/elsewhere/values.yaml', line: 1, column: 1 }, related: [{ file: '--set a.token=xyz', line: 1, column: 1, source: 'set', message: 'also set here' }] }],
    context(),
  );
  t.match(out, /^\.\.\/\.\.\/elsewhere\/values\.yaml\n/);
  t.match(out, '\n    see --set a.token=<redacted, 3 chars>: also set here\n');
});

t.test('control characters from inputs cannot drive the terminal', async (t) => {
  const evil = '\u001b[2J\u001b]0;pwned\u0007';
  const sources = new Map([[APP, `name: web${evil}\n`]]);
  const out = stylish([{ ...literalFinding, message: `bad ${evil}\nsecond`, location: { file: APP, line: 1, column: 1 } }], context({ sources }));
  t.notMatch(out, '\u001b');
  t.notMatch(out, '\u0007');
  t.match(out, '  1:1  info  bad \\u001b[2J\\u001b]0;pwned\\u0007 second  api-key-literal\n');
  t.match(out, '    > 1 | name: web\\u001b[2J\\u001b]0;pwned\\u0007\n');
  const bidi = stylish([{ ...literalFinding, message: 'admin\u202e\u2066txt.exe' }], context());
  t.match(bidi, '  17:15  info  admin\\u202e\\u2066txt.exe  api-key-literal\n', 'bidirectional overrides are shown, not applied');
});
