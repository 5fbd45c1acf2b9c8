/** One settings loader: the CLI, the webhook and the Helm plugin refuse the same bad config the same way (exit 2, file:line:column, the policy). */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ddLint } from './helpers/cli.js';
import { isolatedEnv, WEBHOOK_BIN } from './helpers/webhook-bin.js';

const PLUGIN = fileURLToPath(new URL('../src/helm-plugin.js', import.meta.url));

const CASES = [
  {
    what: 'an option a policy does not take',
    config: 'policies:\n  pod-port-clash:\n    options:\n      reservedPorts: [9100]\n',
    line: '4:7: policy pod-port-clash has no option "reservedPorts" (it takes no options)',
  },
  {
    what: 'an option another policy takes, misspelt',
    config: 'policies:\n  nodeport-host-port-conflict:\n    severity: warning\n    options:\n      reservedPort: [9100]\n',
    line: '5:7: policy nodeport-host-port-conflict has no option "reservedPort" (it takes: reservedPorts)',
  },
  {
    what: 'an option of the wrong type',
    config: 'policies:\n  nodeport-host-port-conflict:\n    options:\n      reservedPorts: [node-exporter]\n',
    line: '4:23: policies.nodeport-host-port-conflict.options.reservedPorts.0: must be integer (an option of policy nodeport-host-port-conflict)',
  },
  {
    what: 'an unknown policy under webhook.policies',
    config: 'webhook:\n  policies:\n    no-such-policy: warn\n',
    line: '3:5: unknown policy "no-such-policy" in the dd-lint config',
  },
];

for (const c of CASES) {
  t.test(`${c.what}: refused alike by dd-lint, dd-lint-webhook and helm dd-lint`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-lint-settings-'));
    writeFileSync(join(dir, '.dd-lint.yaml'), c.config);
    writeFileSync(join(dir, 'values.yaml'), 'clusterAgent:\n  enabled: true\n');
    const file = join(dir, '.dd-lint.yaml');

    const cli = ddLint(['values.yaml'], { cwd: dir });
    t.equal(cli.code, 2, 'dd-lint exits 2');
    t.equal(cli.stderr, `dd-lint: ${file}:${c.line}\n`);

    const webhook = spawnSync(process.execPath, [WEBHOOK_BIN, '--port', '0', '--metrics-port', '0', '--no-cluster'], { cwd: dir, env: isolatedEnv(), encoding: 'utf8', timeout: 20_000 });
    t.equal(webhook.status, 2, 'dd-lint-webhook does not start');
    t.equal(webhook.stderr, `dd-lint-webhook: ${file}:${c.line}\n`);

    const plugin = spawnSync(process.execPath, [PLUGIN, dir], { cwd: dir, env: { ...process.env, HELM_BIN: '/nonexistent/helm' }, encoding: 'utf8' });
    t.equal(plugin.status, 2, 'helm dd-lint exits 2 before rendering');
    t.equal(plugin.stderr, `helm dd-lint: ${file}:${c.line}\n`);
  });
}
