/** Code frames masked by the parsed structure of the text, the line scanner as the fallback. */
import t from 'tap';
import { maskSource } from '../src/secrets/mask-source.js';
import { redactSource } from '../src/secrets/redact.js';
import { stylish } from '../src/report/stylish.js';
import { context, tokenFinding, VALUES } from './helpers/findings.js';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';
const TOKEN_B64 = Buffer.from(TOKEN).toString('base64');

const structural = (text: string) => maskSource(text).join('\n');
const scanner = (text: string) => redactSource(text).join('\n');

t.test('values the line scanner cannot see are masked', async (t) => {
  const flowEnv = `env:\n  - {name: DD_API_KEY,\n     value: ${TOKEN}}\n  - {name: DD_ENV, value: prod}\n`;
  t.match(scanner(flowEnv), TOKEN, 'the line scanner misses a flow mapping written over two lines');
  t.equal(structural(flowEnv), 'env:\n  - {name: DD_API_KEY,\n     value: <redacted, 32 chars>}\n  - {name: DD_ENV, value: prod}\n');

  const jsonSecret = `{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "data": {\n    "tls.crt": "${TOKEN_B64}"\n  }\n}\n`;
  t.match(scanner(jsonSecret), TOKEN_B64, 'the line scanner misses a Secret written as JSON');
  t.equal(structural(jsonSecret), jsonSecret.replace(`"${TOKEN_B64}"`, `<redacted, ${TOKEN_B64.length} chars>`));

  const anchored = `common: &key ${TOKEN}\ndatadog:\n  apiKey: *key\n`;
  t.match(scanner(anchored), TOKEN, 'the line scanner masks the alias, not the anchor holding the key');
  t.equal(structural(anchored), 'common: &key <redacted, 32 chars>\ndatadog:\n  apiKey: *key\n');

  t.equal(
    structural(`token: >-\n  ${TOKEN}\n  ${TOKEN_B64}\n\nsite: datadoghq.com\n`),
    `token: >-\n  <redacted, 32 chars>\n  <redacted, ${TOKEN_B64.length} chars>\n\nsite: datadoghq.com\n`,
    'a block scalar: every content line',
  );
  t.equal(
    structural(`password: "${TOKEN}\n  continued" # old\nsite: x`),
    'password: <redacted, 32 chars>\n  <redacted, 9 chars> # old\nsite: x',
    'a quoted value over two lines: quotes not counted, the comment kept',
  );
});

t.test('no false mask where the structure says a value is not secret', async (t) => {
  const backend = 'secretBackend: {command: /readsecret.sh, timeout: 30}\n';
  t.equal(scanner(backend), 'secretBackend: <redacted, 38 chars>\n', 'the line scanner masks the whole flow mapping');
  t.equal(structural(backend), backend, "a mapping under a secret-looking key: its own keys decide, as in block style");
  const names = 'env:\n  - name: DD_API_KEY\n    valueFrom: {secretKeyRef: {name: datadog-secret, key: api-key}}\n';
  t.equal(structural(names), names, 'a reference to a Secret holds no secret');
});

t.test('text inside strings is still scanned: a check config, JSON in an annotation', async (t) => {
  t.equal(
    structural('datadog:\n  confd:\n    postgres.yaml: |-\n      instances:\n        - host: db\n          password: hunter2\n'),
    'datadog:\n  confd:\n    postgres.yaml: |-\n      instances:\n        - host: db\n          password: <redacted, 7 chars>\n',
  );
  t.equal(
    structural(`podAnnotations:\n  ad.datadoghq.com/pg.instances: '[{"host": "db", "password": "hunter2"}]'\n`),
    `podAnnotations:\n  ad.datadoghq.com/pg.instances: '[{"host": "db", "password": <redacted, 7 chars>}]'\n`,
  );
});

t.test('a text that names no secret is shown as written; one that spells a secret word oddly is still masked', async (t) => {
  const plain = 'kind: Deployment\nspec:\n  env:\n    - name: DD_ENV\n      value: prod\n';
  t.same(maskSource(plain), plain.split('\n'));
  t.equal(structural(`TOK-EN: ${TOKEN}\n`), 'TOK-EN: <redacted, 32 chars>\n', 'separators inside the word');
  t.equal(structural(`env:\n  - name: DD_API_KEY\n    value: ${TOKEN}\n`), 'env:\n  - name: DD_API_KEY\n    value: <redacted, 32 chars>\n');
  t.equal(structural(`"api\\x4Bey": ${TOKEN}\n`), '"api\\x4Bey": <redacted, 32 chars>\n', 'a key spelled with an escape');
  t.equal(structural(`api\u212Aey: ${TOKEN}\n`), 'api\u212Aey: <redacted, 32 chars>\n', 'a key spelled with the Kelvin sign (lower case k)');
});

t.test('a text that does not parse is masked by the line scanner', async (t) => {
  const broken = `clusterAgent:\n  token: ${TOKEN}\n  tags: [a, b\n`;
  t.equal(structural(broken), scanner(broken));
  t.notMatch(structural(broken), TOKEN);
  t.same(maskSource(`a: 1\r\ntoken: ${TOKEN}\r\n`), ['a: 1', 'token: <redacted, 32 chars>', ''], 'CRLF: same lines as the scanner');
});

t.test('stylish frames are masked by structure', async (t) => {
  const text = `clusterAgent:\n  enabled: true\n  token: ${TOKEN.slice(0, 30)}\nagents: {env: [{name: DD_API_KEY,\n  value: ${TOKEN}}]}\n`;
  const out = stylish([{ ...tokenFinding, location: { file: VALUES, line: 3, column: 3 } }], context({ sources: new Map([[VALUES, text]]) }));
  t.notMatch(out, TOKEN.slice(0, 30));
  t.match(out, '    > 3 |   token: <redacted, 30 chars>\n');
  t.match(out, '      5 |   value: <redacted, 32 chars>}]}\n');
});
