/** The incident setups in examples/, linted as the README and examples/README.md tell users to. */
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ddLint, REPO_ROOT } from './helpers/cli.js';

t.test("the README's first example prints the output the README shows", async (t) => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const command = /```sh\nnpm install\nnpx dd-lint (\S+)\n/.exec(readme)?.[1];
  t.equal(command, 'examples/token-30/values.yaml');
  const shown = /Example output:\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
  const r = ddLint([command!]);
  t.equal(r.code, 1);
  t.equal(r.stdout, shown);
  t.equal(r.stderr, '');
});

// Each setup, linted as a folder: the rule ids, lines and severities it is there to show.
const expected: Record<string, string[]> = {
  'token-30': ['values.yaml 6:3 error cluster-agent-token-too-short'],
  'otel-hostnetwork': ['port-blocker.yaml 13:11 error host-port-collision', 'values.yaml 7:3 error otel-hostnetwork-port-conflict'],
  'apm-hostip': ['app.yaml 23:15 error apm-hostip-unreachable'],
  'ssl-agent-only': ['values.yaml 8:11 error skip-ssl-validation-partial', 'values.yaml 8:11 info skip-ssl-validation-enabled'],
  vcluster: ['values.yaml 6:5 warning kubelet-tls-verify-disabled', 'values.yaml 14:7 info kubelet-token-override'],
  'nodeport-kubelet': ['service.yaml 15:7 warning nodeport-in-ephemeral-range'],
};

for (const [setup, findings] of Object.entries(expected)) {
  t.test(`examples/${setup}/`, async (t) => {
    const r = ddLint(['--format', 'json', `examples/${setup}/`]);
    t.equal(r.stderr, '');
    t.equal(r.code, findings.some((f) => f.includes(' error ')) ? 1 : 0, 'exit code');
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string; location: { file: string; line: number; column: number } }[] };
    t.same(
      report.findings.map((f) => `${f.location.file.split('/').pop()} ${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}`),
      findings,
    );
  });
}

t.test('every folder of examples/ is a setup tested here', async (t) => {
  const folders = readdirSync(join(REPO_ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  t.same(folders.sort(), Object.keys(expected).sort());
});
