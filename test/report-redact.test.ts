import t from 'tap';
import { isSecretKey, redactLines, redactSetArgument, redactSource } from '../src/secrets/redact.js';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';
const TOKEN_B64 = Buffer.from(TOKEN).toString('base64');

const redact = (text: string) => redactSource(text).join('\n');

t.test('isSecretKey', async (t) => {
  for (const key of ['apiKey', 'appKey', 'api_key', 'api-key', 'token', 'authToken', 'clusterAgent_TOKEN', 'password', 'PASSWORD', 'passwd',
    'secret', 'clientSecret', 'DD_API_KEY', 'DD_APP_KEY', 'DD_CLUSTER_AGENT_AUTH_TOKEN', 'tls-key', 'privateKey', '"apiKey"', 'credentials']) {
    t.equal(isSecretKey(key), true, key);
  }
  for (const key of ['key', 'name', 'value', 'site', 'monkey', 'apiKeyExistingSecret', 'tokenExistingSecret', 'secretKeyRef',
    'DD_AUTH_TOKEN_FILE_PATH', 'secretName', 'keys', 'DD_SITE', '']) {
    t.equal(isSecretKey(key), false, key);
  }
});

t.test('a token and its base64 are masked, with their length', async (t) => {
  const values = `clusterAgent:\n  enabled: true\n  token: ${TOKEN}\n`;
  t.equal(redact(values), 'clusterAgent:\n  enabled: true\n  token: <redacted, 32 chars>\n');

  const secret = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: datadog-cluster-agent',
    'data:',
    `  token: ${TOKEN_B64}`,
    `  other: ${TOKEN_B64}`,
    'stringData:',
    `  plain: "${TOKEN}"`,
    '---',
    'kind: ConfigMap',
    'data:',
    '  site: datadoghq.com',
  ].join('\n');
  const out = redact(secret);
  t.notMatch(out, TOKEN);
  t.notMatch(out, TOKEN_B64);
  t.equal(
    out,
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: datadog-cluster-agent',
      'data:',
      `  token: <redacted, ${TOKEN_B64.length} chars>`,
      `  other: <redacted, ${TOKEN_B64.length} chars>`,
      'stringData:',
      '  plain: <redacted, 32 chars>',
      '---',
      'kind: ConfigMap',
      'data:',
      '  site: datadoghq.com',
    ].join('\n'),
    "every value of a Secret's data is masked, whatever its key; a ConfigMap's is not",
  );
});

t.test('keys that look secret, in YAML and JSON forms', async (t) => {
  t.equal(redact(`datadog:\n  apiKey: "${TOKEN}" # from vault`), 'datadog:\n  apiKey: <redacted, 32 chars> # from vault');
  t.equal(redact(`datadog:\n  appKey: '${TOKEN}'`), 'datadog:\n  appKey: <redacted, 32 chars>');
  t.equal(redact(`password: hunter2`), 'password: <redacted, 7 chars>');
  t.equal(redact(`- token: ${TOKEN}`), '- token: <redacted, 32 chars>');
  t.equal(redact(`  "apiKey": "${TOKEN}",\n  "site": "datadoghq.com",`), '  "apiKey": <redacted, 32 chars>,\n  "site": "datadoghq.com",');
  t.equal(redact(`envDict:\n  DD_API_KEY: ${TOKEN}\n  DD_ENV: prod`), 'envDict:\n  DD_API_KEY: <redacted, 32 chars>\n  DD_ENV: prod');
});

t.test('env entries: the value next to a secret-looking name', async (t) => {
  const env = [
    'env:',
    '  - name: DD_API_KEY',
    `    value: ${TOKEN}`,
    '  - name: DD_ENV',
    '    value: prod',
    `  - value: ${TOKEN}`,
    '    name: DD_APP_KEY',
    '  - name: DD_SITE',
    '    valueFrom:',
    '      secretKeyRef:',
    '        name: datadog-secret',
    '        key: api-key',
  ].join('\n');
  t.equal(
    redact(env),
    [
      'env:',
      '  - name: DD_API_KEY',
      '    value: <redacted, 32 chars>',
      '  - name: DD_ENV',
      '    value: prod',
      '  - value: <redacted, 32 chars>',
      '    name: DD_APP_KEY',
      '  - name: DD_SITE',
      '    valueFrom:',
      '      secretKeyRef:',
      '        name: datadog-secret',
      '        key: api-key',
    ].join('\n'),
  );
  t.equal(redact(`env: [{name: DD_API_KEY, value: ${TOKEN}}, {name: DD_ENV, value: prod}]`),
    'env: [{name: DD_API_KEY, value: <redacted, 32 chars>}, {name: DD_ENV, value: prod}]');
  t.equal(redact(`  - {"name": "DD_API_KEY", "value": "${TOKEN}"}`), '  - {"name": "DD_API_KEY", "value": <redacted, 32 chars>}');
  t.equal(redact(`creds: {token: ${TOKEN}, user: bob}`), 'creds: {token: <redacted, 32 chars>, user: bob}');
});

t.test('multi-line values under a secret key', async (t) => {
  t.equal(
    redact(`token: |\n  ${TOKEN}\n  second line\n\nsite: datadoghq.com`),
    'token: |\n  <redacted, 32 chars>\n  <redacted, 11 chars>\n\nsite: datadoghq.com',
  );
  t.equal(redact(`apiKey:\n  ${TOKEN}\nsite: x`), 'apiKey:\n  <redacted, 32 chars>\nsite: x', 'plain scalar on the next line');
  t.equal(redact(`tokens:\n  - ${TOKEN}\n  - ${TOKEN_B64}\nsite: x`), `tokens:\n  - <redacted, 32 chars>\n  - <redacted, ${TOKEN_B64.length} chars>\nsite: x`);
  t.equal(redact(`password: "${TOKEN}\n  continued"\nsite: x`), 'password: <redacted, 32 chars>\n  <redacted, 10 chars>\nsite: x', 'an unclosed quote continues');
  t.equal(
    redact(`secretBackend:\n  command: /readsecret.sh\n  timeout: 30`),
    'secretBackend:\n  command: /readsecret.sh\n  timeout: 30',
    'a mapping under a secret-looking key: its own keys decide',
  );
});

t.test('values that cannot be secrets are left alone', async (t) => {
  const text = [
    'apiKeyExistingSecret: datadog-secret',
    'useSecretBackend: false',
    'token: ""',
    'token:',
    'password: null',
    'name: DD_API_KEY',
    'site: datadoghq.com',
  ].join('\n');
  t.equal(redact(text), text);
});

t.test('same number of lines, CRLF accepted', async (t) => {
  const lines = ['a: 1', `token: ${TOKEN}`, '', 'b: 2'];
  t.equal(redactLines(lines).length, 4);
  t.same(redactSource(`a: 1\r\ntoken: ${TOKEN}\r\n`), ['a: 1', 'token: <redacted, 32 chars>', '']);
});

t.test('--set arguments', async (t) => {
  t.equal(redactSetArgument(`--set datadog.apiKey=${TOKEN}`), '--set datadog.apiKey=<redacted, 32 chars>');
  t.equal(
    redactSetArgument(`--set-string clusterAgent.enabled=true,clusterAgent.token=${TOKEN}`),
    '--set-string clusterAgent.enabled=true,clusterAgent.token=<redacted, 32 chars>',
  );
  t.equal(
    redactSetArgument(`--set datadog.env[0].name=DD_API_KEY,datadog.env[0].value=${TOKEN},datadog.env[1].value=prod`),
    '--set datadog.env[0].name=DD_API_KEY,datadog.env[0].value=<redacted, 32 chars>,datadog.env[1].value=prod',
  );
  t.equal(redactSetArgument('--set datadog.password=a\\,b,x=1'), '--set datadog.password=<redacted, 4 chars>,x=1', 'escaped comma');
  t.equal(redactSetArgument('--set datadog.tags={a,b},site=x'), '--set datadog.tags={a,b},site=x');
  t.equal(redactSetArgument('values.yaml'), 'values.yaml');
  const once = redactSetArgument(`--set clusterAgent.token=${TOKEN},datadog.apiKey=abc,site=x`);
  t.equal(once, '--set clusterAgent.token=<redacted, 32 chars>,datadog.apiKey=<redacted, 3 chars>,site=x');
  t.equal(redactSetArgument(once), once, 'masking a masked argument again changes nothing');
});

t.test('linear on hostile lines (these took seconds each with backtracking regexes)', async (t) => {
  const spaces = ' '.repeat(100_000);
  const hostile = [
    `a${spaces}b`,
    `a${spaces}b: x`,
    `---${spaces}`,
    `token: |${spaces}x`,
    `{a: x${spaces}y}`,
    'a:'.repeat(50_000),
    ...Array.from({ length: 20_000 }, (_, i) => `  value: x${i}`),
  ].join('\n');
  const start = performance.now();
  const out = redactSource(hostile);
  t.equal(out.length, 20_006);
  t.ok(performance.now() - start < 1500, `took ${Math.round(performance.now() - start)} ms`);
});
