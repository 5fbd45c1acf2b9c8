/**
 * No output format and no error message ever contains a planted secret, plain or base64:
 * findings describe tokens by length, code frames and --set origins are masked.
 */
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ddLint } from './helpers/cli.js';

const TOKEN = 'Zq7TokenPlanted0123456789abc'; // 28 characters: too short, so it is reported
const API_KEY = 'ApiKeyPlanted0123456789abcdef012';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const leaks = (text: string) => [TOKEN, b64(TOKEN), API_KEY, b64(API_KEY)].filter((s) => text.includes(s));

const tmp = mkdtempSync(join(tmpdir(), 'dd-lint-secrets-'));
const write = (name: string, text: string) => {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
};

const values = write(
  'values.yaml',
  `datadog:\n  apiKey: ${API_KEY}\nclusterAgent:\n  token: ${TOKEN}\n  env:\n    - name: DD_CLUSTER_AGENT_AUTH_TOKEN\n      value: "${TOKEN}"\n`,
);
const manifest = write(
  'secret.yaml',
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: datadog-cluster-agent\n  namespace: datadog\ndata:\n  token: ${b64(TOKEN)}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: datadog\n  namespace: datadog\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: gcr.io/datadoghq/agent:7.81.1\n          env:\n            - name: DD_API_KEY\n              value: ${API_KEY}\n            - name: DD_CLUSTER_AGENT_AUTH_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: datadog-cluster-agent\n                  key: token\n`,
);

for (const format of ['stylish', 'json', 'sarif']) {
  t.test(`${format}: findings about planted secrets name their length only`, async (t) => {
    for (const file of [values, manifest]) {
      const r = ddLint(['--format', format, file]);
      t.equal(r.code, 1, `${file} has a short-token error`);
      t.match(r.stdout, /28 characters/, 'the length is reported');
      t.same(leaks(r.stdout + r.stderr), [], `no secret in ${format} output for ${file}`);
    }
    const set = ddLint(['--format', format, '--set', `clusterAgent.token=${TOKEN}`, '--set', `datadog.apiKey=${API_KEY}`, write('empty.yaml', '{}\n')]);
    t.equal(set.code, 1);
    t.same(leaks(set.stdout + set.stderr), [], `no secret from --set in ${format} output`);
  });
}

t.test('error messages never echo a secret', async (t) => {
  const broken = write('broken.yaml', `clusterAgent:\n  token: ${TOKEN}\n   bad: [\n`);
  const r = ddLint([broken]);
  t.equal(r.code, 2);
  t.same(leaks(r.stdout + r.stderr), []);
  const badSet = ddLint(['--set', `clusterAgent.token[=${TOKEN}`, write('e.yaml', '{}\n')]);
  t.equal(badSet.code, 2);
  t.same(leaks(badSet.stdout + badSet.stderr), [], 'a bad --set is reported without its value');
});
