/**
 * No output format and no error message ever contains a planted secret, plain or base64:
 * findings describe tokens by length, code frames and --set origins are masked. Planted in every
 * input kind (values, --set, --set-string, a Secret's data and stringData, env values) and in every
 * policy's examples, checked in every format (stylish, json, sarif, junit, github, gitlab, policyreport) and error path.
 */
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, parseAllDocuments, visit } from 'yaml';
import { ddLint } from '../helpers/cli.js';
import { isSecretKey } from '../../src/secrets/redact.js';
import { lintTexts } from '../../src/engine/run.js';
import type { SourceText } from '../../src/load/inputs.js';
import { loadPolicyFiles } from '../../src/policy/load.js';
import { loadCustomPolicies } from '../../src/policy/custom.js';
import { reporters } from '../../src/report/index.js';
import { testedInputs } from '../helpers/policy-examples.js';

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

// ---------------------------------------------------------------------------------------------
// Issue 8: planted secrets in every input kind and every policy's examples, every output format,
// every error path. What counts as a secret is decided by src/secrets/redact.ts (isSecretKey):
// the same module the reporters mask with.

const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'policyreport'] as const;
const APP_KEY = 'AppKeyPlanted0123456789abcdef0123456789ab';
const PASSWORD = 'PwPlanted-s3cr3t-Value-42';
const DATA_TOKEN = 'DataTokenPlanted0123456789abcdef'; // in a Secret's data, base64
const STRING_DATA = 'StringDataPlanted0123456789abcd'; // in a Secret's stringData
const ALL = [TOKEN, API_KEY, APP_KEY, PASSWORD, DATA_TOKEN, STRING_DATA];
const leaksAny = (text: string, secrets: readonly string[] = ALL) => secrets.flatMap((s) => [s, b64(s)]).filter((s) => text.includes(s));

const everyKindValues = write(
  'every-kind-values.yaml',
  [
    'datadog:',
    `  apiKey: ${API_KEY}`,
    `  appKey: "${APP_KEY}"`,
    '  otelCollector:',
    '    enabled: "false"', // a finding (quoted-false-enables) near the secrets
    '  env:',
    '    - name: DD_APP_KEY',
    `      value: ${APP_KEY}`,
    'clusterAgent:',
    `  token: ${TOKEN}`,
    '  env:',
    `    - {name: DB_PASSWORD, value: "${PASSWORD}"}`,
    'agents:',
    '  containers:',
    '    agent:',
    '      env:',
    `        - value: ${PASSWORD}`,
    '          name: SERVICE_PASSWORD',
    '        - name: DD_KUBELET_TLS_VERIFY', // a finding (kubelet-tls-verify-disabled) next to them
    '          value: "false"',
    '',
  ].join('\n'),
);
const everyKindManifests = write(
  'every-kind-manifests.yaml',
  [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: datadog-cluster-agent',
    '  namespace: datadog',
    'data:',
    `  token: ${b64(TOKEN)}`,
    `  api-key: ${b64(API_KEY)}`,
    `  other: ${b64(DATA_TOKEN)}`,
    'stringData:',
    `  password: ${STRING_DATA}`,
    '---',
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    '  name: datadog',
    '  namespace: datadog',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: agent',
    '          image: gcr.io/datadoghq/agent:7.81.1',
    '          env:',
    '            - name: DD_API_KEY',
    `              value: ${API_KEY}`,
    '            - name: DD_APP_KEY',
    `              value: "${APP_KEY}"`,
    '            - name: DD_CLUSTER_AGENT_AUTH_TOKEN',
    `              value: ${TOKEN}`,
    '            - name: DD_SKIP_SSL_VALIDATION',
    '              value: "true"',
    '        - name: trace-agent',
    '          image: gcr.io/datadoghq/agent:7.81.1',
    '          command: ["trace-agent"]',
    '          env:',
    '            - name: DD_API_KEY',
    `              value: ${API_KEY}`,
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: shop',
    '  namespace: default',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: shop',
    '          image: shop:1',
    '          env:',
    '            - name: DB_PASSWORD',
    `              value: ${PASSWORD}`,
    '            - name: DD_AGENT_HOST',
    '              valueFrom: {fieldRef: {fieldPath: status.hostIP}}',
    '',
  ].join('\n'),
);
const SETS = [
  '--set', `clusterAgent.token=${TOKEN}`,
  '--set', `datadog.apiKey=${API_KEY},datadog.appKey=${APP_KEY}`,
  '--set-string', `clusterAgent.env[0].name=DB_PASSWORD,clusterAgent.env[0].value=${PASSWORD}`,
  '--set', 'datadog.otelCollector.enabled=true,agents.useHostNetwork=true',
];

t.test('every input kind with planted secrets, in every format', async (t) => {
  const runs: [string, string[]][] = [
    ['values', [everyKindValues]],
    ['manifests (Secret data and stringData, env values)', [everyKindManifests]],
    ['--set and --set-string', [...SETS, write('empty2.yaml', '{}\n')]],
    ['-f values with --set, and manifests', ['-f', everyKindValues, ...SETS, everyKindManifests]],
  ];
  for (const format of FORMATS) {
    for (const [what, args] of runs) {
      const r = ddLint(['--format', format, '--report-unused-disable', ...args]);
      t.equal(r.code, 1, `${format}, ${what}: exit 1 (there are error findings)`);
      t.ok(r.stdout.length > 0, `${format}, ${what}: a report`);
      t.same(leaksAny(r.stdout + r.stderr), [], `${format}, ${what}: no planted secret`);
    }
  }
});

t.test('error messages never echo a planted secret', async (t) => {
  const cases: [string, string[], string?][] = [
    ['bad YAML after a token', [write('e1.yaml', `clusterAgent:\n  token: ${TOKEN}\n  env: [\n`)]],
    ['bad YAML inside a token', [write('e2.yaml', `clusterAgent:\n  token: "${TOKEN}\n`)]],
    ['a tab in a secret line', [write('e3.yaml', `datadog:\n\tapiKey: ${API_KEY}\n`)]],
    ['a control character inside a secret', [write('e4.yaml', `datadog:\n  apiKey: ${API_KEY}\u0007${APP_KEY}\n`)]],
    ['not UTF-8 inside a secret', []],
    ['a secret as a key the values reader refuses', [write('e5.yaml', `datadog:\n  ? [${API_KEY}]\n  : 1\n`)]],
    ['a secret tagged as a number', [write('e6.yaml', `clusterAgent:\n  token: !!int ${TOKEN}\n`)]],
    ['a list of secrets at the top', [write('e7.yaml', `- ${API_KEY}\n- ${TOKEN}\n`)]],
    ['a secret under a key with no map', [write('e8.yaml', `datadog: ${API_KEY}\n  apiKey: ${APP_KEY}\n`)]],
    ['--set through a secret string', ['--set', `clusterAgent.token=${TOKEN}`, '--set', `clusterAgent.token.x=${PASSWORD}`, write('e9.yaml', '{}\n')]],
    ['--set-string with a bad index', ['--set-string', `datadog.apiKey[x]=${API_KEY}`, write('e10.yaml', '{}\n')]],
    ['--set with an unclosed list', ['--set', `datadog.env={${PASSWORD}`, write('e11.yaml', '{}\n')]],
    ['--set of a secret over a list', ['-f', write('e12.yaml', 'datadog:\n  apiKey: [a]\n'), '--set', `datadog.apiKey.x=${API_KEY}`]],
    ['a secret in a merge of a scalar', [write('e13.yaml', `a: &s ${API_KEY}\nb:\n  <<: *s\n`)]],
    ['a Secret with a secret in a broken document', [write('e14.yaml', `apiVersion: v1\nkind: Secret\nstringData:\n  password: ${STRING_DATA}\n  bad: [\n`)]],
  ];
  const latin1 = join(tmp, 'e-latin1.yaml');
  writeFileSync(latin1, Buffer.concat([Buffer.from(`datadog:\n  apiKey: ${API_KEY}`), Buffer.from([0xe9]), Buffer.from(`${APP_KEY}\n`)]));
  cases[4]![1] = [latin1];
  for (const [what, args] of cases) {
    for (const format of ['stylish', 'json'] as const) {
      const r = ddLint(['--format', format, ...args]);
      t.equal(r.code, 2, `${what}: exit 2`);
      t.match(r.stderr, /^dd-lint: [^\n]+\n$/, `${what}: one line`);
      t.same(leaksAny(r.stdout + r.stderr), [], `${what} (${format}): no planted secret in ${JSON.stringify(r.stderr)}`);
    }
  }
});

// --- every policy's examples, with their secret-looking values replaced by planted ones

/**
 * Replace the secret-looking scalars of a YAML text in place (same lines, same columns where the
 * lengths match): values of secret keys, env `value`s next to a secret `name`, a Secret's data
 * (base64: decoded, planted, encoded) and stringData. The same original always gets the same
 * planted value of the same length and character class, so the examples keep their findings.
 */
function plantText(text: string, plant: (original: string) => string): string {
  const edits = new Map<number, [number, string]>();
  const edit = (node: unknown, base64 = false) => {
    if (!isScalar(node) || !node.range || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return;
    const raw = text.slice(node.range[0], node.range[1]);
    const quoted = raw[0] === '"' || raw[0] === "'";
    const inner = quoted ? raw.slice(1, -1) : raw;
    if (inner.length < 5 || /^(true|false|yes|no|on|off|null|~)$/i.test(inner)) return;
    const replacement = base64 ? b64(plant(Buffer.from(inner, 'base64').toString('utf8'))) : plant(inner);
    edits.set(node.range[0] + (quoted ? 1 : 0), [node.range[1] - (quoted ? 1 : 0), replacement]);
  };
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.key) && isSecretKey(String(pair.key.value))) edit(pair.value);
      },
      Map(_, map) {
        const name = map.get('name');
        if (typeof name === 'string' && isSecretKey(name)) edit(map.get('value', true));
      },
    });
    if (isMap(doc.contents) && doc.get('kind') === 'Secret') {
      for (const [key, base64] of [['data', true], ['stringData', false]] as const) {
        const data = doc.get(key);
        if (isMap(data)) for (const pair of data.items) edit(pair.value, base64);
      }
    }
  }
  let out = text;
  for (const [start, [end, replacement]] of [...edits].sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + replacement + out.slice(end);
  return out;
}

/** A --set argument with the values of its secret-looking keys planted. */
function plantSet(expr: string, plant: (original: string) => string): string {
  return expr
    .split(',')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq).replace(/\[\d+\]$/, '').split('.').pop() ?? '';
      return eq > 0 && isSecretKey(key) && part.length - eq - 1 >= 5 ? part.slice(0, eq + 1) + plant(part.slice(eq + 1)) : part;
    })
    .join(',');
}

/**
 * A secret line next to each finding's line (a sibling key `password:`), so that every code frame
 * has one to mask: after a `key: value` line at its indentation, before a `key:` that opens a block.
 */
function plantNearFindings(text: string, lines: number[], secret: (n: number) => string): string {
  const out = text.split('\n');
  for (const line of [...new Set(lines)].sort((a, b) => b - a)) {
    const m = /^(\s*)(- )?["']?[\w.-]+["']?:( +[^\s#].*)?$/.exec(out[line - 1] ?? '');
    if (!m) continue;
    const indent = m[1]! + (m[2] ? '  ' : '');
    if (m[3]) out.splice(line, 0, `${indent}password: ${secret(line)}`);
    else if (!m[2]) out.splice(line - 1, 0, `${indent}password: ${secret(line)}`);
  }
  return out.join('\n');
}

t.test("every policy's examples, with planted secrets, in every format", async (t) => {
  const builtin = (await loadPolicyFiles()).map((f) => f.policy);
  const custom = await loadCustomPolicies([fileURLToPath(new URL('../../../policies/examples/', import.meta.url))], new Set(builtin.map((p) => p.id)));
  const formatters = await Promise.all(FORMATS.map(async (format) => [format, await reporters[format]()] as const));
  let planted = 0;
  let framed = 0;
  let masked = 0;
  for (const policy of [...builtin, ...custom.policies]) {
    const examples = [...policy.examples.fail.map((e) => ({ ...e, fails: true })), ...policy.examples.pass.map((e) => ({ ...e, fails: false }))];
    for (const example of examples) {
      const secrets = new Map<string, string>();
      const plant = (original: string) => {
        let p = secrets.get(original);
        if (!p) {
          const n = secrets.size;
          // Same length, same class (all digits stay digits: a rule reads that), recognisable.
          const pattern = /^\d+$/.test(original) ? `9${n}0864213579` : `Pl4nt${n}Zq7Xw9Kd2Vb5Nm8Rt1Yc6Hs3Jf`;
          p = pattern.repeat(Math.ceil(original.length / pattern.length)).slice(0, original.length);
          secrets.set(original, p);
        }
        return p;
      };
      // What the policy tester lints for this example (the API key given, its chart version), secrets planted.
      const tested = testedInputs(policy.id, example);
      const inputs: SourceText[] = [];
      if (tested.values !== undefined) inputs.push({ file: 'values.yaml', text: plantText(tested.values, plant) });
      if (tested.manifests !== undefined) inputs.push({ file: 'manifests.yaml', text: plantText(tested.manifests, plant) });
      const sets = tested.set.map((expr) => ({ expr: plantSet(expr, plant), asString: false }));
      const options = { sets, reportUnusedSuppressions: true, custom, ...(tested.chartVersion ? { chartVersion: tested.chartVersion } : {}) };
      let result = await lintTexts(inputs, [], options);
      if (example.fails) t.ok(result.findings.some((f) => f.ruleId === policy.id), `${policy.id}: still fails with planted secrets: ${example.description}`);
      // Then a secret next to every finding, where the code frames are.
      const near = (line: number) => plant(`near-${policy.id}-${example.description}-${line}`.padEnd(24, 'x'));
      const nearInputs = inputs.map((input) => ({ ...input, text: plantNearFindings(input.text, result.findings.filter((f) => f.location.file === input.file).map((f) => f.location.line), near) }));
      try {
        const again = await lintTexts(nearInputs, [], options);
        if (!example.fails || again.findings.some((f) => f.ruleId === policy.id)) {
          result = again;
          if (result.findings.length > 0) framed++;
        }
      } catch {
        // the insertion broke this example's YAML: it is checked with its own secrets only
      }
      const plantedValues = [...secrets.values()];
      planted += plantedValues.length;
      for (const [format, reporter] of formatters) {
        const out = reporter(result.findings, { cwd: process.cwd(), policies: result.policies, toolVersion: '0.0.0', sources: result.sources, color: false });
        if (format === 'stylish') masked += out.split('<redacted').length - 1;
        const found = leaksAny(out, plantedValues);
        if (found.length > 0) t.fail(`${policy.id} (${example.description}), ${format}: leaks ${found.join(', ')}`);
      }
    }
  }
  t.ok(planted >= 80, `${planted} secrets planted across the examples`);
  t.ok(framed >= 30, `${framed} examples with a secret next to each of their findings`);
  t.ok(masked >= 50, `${masked} of them masked in stylish code frames (so the frames did show them)`);
});
