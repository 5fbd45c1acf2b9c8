/**
 * Every object of every fixture's `helm template` rendering, sent over HTTPS as the API server
 * sends it, in the order `helm install` creates them; each allowed object is then created in a
 * fake API server, so the webhook's informer cache sees what the cluster runs (the agent DaemonSet
 * before the cluster agent's Deployment). The webhook must find what the CLI finds in the same
 * rendering: errors deny, warnings and infos warn, and clean renderings pass without a warning.
 */
import t from 'tap';
import { POLICY_MODULES } from '../src/rules/registry.generated.js';
import { readFileSync } from 'node:fs';
import { lintTexts } from '../src/engine/run.js';
import { parseYamlDocuments } from '../src/load/yaml-documents.js';
import { HANDLED_KINDS } from '../webhook/kinds.js';
import { fixtures } from './helpers/fixtures.js';
import { resourceOfKind } from './helpers/fake-apiserver.js';
import { startClusterWebhook, synced, type AdmissionResult, type Obj } from './helpers/webhook.js';

/** Helm's InstallOrder (pkg/releaseutil/kind_sorter.go), for the kinds the webhook handles. */
const INSTALL_ORDER = ['Secret', 'Service', 'DaemonSet', 'Pod', 'ReplicaSet', 'Deployment', 'StatefulSet', 'Job', 'CronJob'];
/** Values-only policies: nothing of them is left in a rendering. */
const VALUES_ONLY = new Set<string>(Object.values(POLICY_MODULES).filter((m) => m.scope.reads === 'values').map((m) => m.id));

const handled = new Set(HANDLED_KINDS.map((k) => k.kind));

function objectsOf(text: string, file: string): Obj[] {
  const objects = parseYamlDocuments(file, text, { keepKind: (kind) => handled.has(kind) })
    .map((d) => d.value as Obj)
    .filter((o) => o && handled.has(String(o.kind)));
  return objects.map((o, i) => ({ o, i })).sort((a, b) => INSTALL_ORDER.indexOf(String(a.o.kind)) - INSTALL_ORDER.indexOf(String(b.o.kind)) || a.i - b.i).map((x) => x.o);
}

/** `ruleId severity` of what a verdict reports: denials are errors, warnings carry their severity. */
function reported(r: AdmissionResult): string[] {
  const out: string[] = [];
  if (!r.allowed) for (const m of r.status!.message.matchAll(/^(?:.*?: |\d+\. )?\[([a-z0-9-]+)\]/gm)) out.push(`${m[1]} error`);
  for (const w of r.warnings ?? []) {
    const m = /^dd-lint (error|warning|info) ([a-z0-9-]+)[ :]/.exec(w);
    if (m) out.push(`${m[2]} ${m[1]}`);
  }
  return out;
}

const { fake, cluster, hook } = await startClusterWebhook(t);

for (const fixture of fixtures()) {
  t.test(fixture.name, async (t) => {
    await synced(cluster, fake.clear());
    const text = readFileSync(fixture.rendered, 'utf8');
    const objects = objectsOf(text, fixture.rendered);
    t.ok(objects.length > 5, `${objects.length} objects to admit`);
    const verdicts: { object: string; result: AdmissionResult }[] = [];
    for (const object of objects) {
      const result = await hook.review(object);
      const meta = object.metadata as { name: string; namespace?: string };
      verdicts.push({ object: `${object.kind} ${meta.namespace ?? 'default'}/${meta.name}`, result });
      if (result.allowed && resourceOfKind(String(object.kind))) await synced(cluster, fake.apply(object as never));
    }

    const cli = await lintTexts([{ file: fixture.rendered, text }], [], { sets: [] });
    const expected = [...new Set(cli.findings.filter((f) => !f.suppression && !VALUES_ONLY.has(f.ruleId)).map((f) => `${f.ruleId} ${f.severity}`))].sort();
    const got = [...new Set(verdicts.flatMap((v) => reported(v.result)))].sort();
    t.same(got, expected, 'the webhook reports what the CLI finds in the rendering');

    if (expected.length === 0) {
      t.same(verdicts.filter((v) => !v.result.allowed || v.result.warnings).map((v) => v.object), [], 'clean: every object allowed without a warning');
    }
    for (const { object, result } of verdicts.filter((v) => !v.result.allowed)) {
      const message = result.status!.message;
      const first = message.split('\n')[0]!;
      t.equal(result.status!.code, 403, `${object}: 403`);
      t.ok(first.startsWith(`${object}: [`), `${object}: the first line names the object and the policy`);
      t.ok(first.length > 80, `${object}: the first line states the cause`);
      t.match(message, /\n {3}why: .+/, `${object}: explains why`);
      t.match(message, /\n {3}fix: .+/, `${object}: says how to fix it`);
    }
    for (const v of verdicts) {
      for (const w of v.result.warnings ?? []) {
        t.ok([...w].length <= 256 && !/[\u0000-\u001f]/.test(w), `${v.object}: a warning within the API server's limits`);
      }
    }
    const denied = verdicts.filter((v) => !v.result.allowed).length;
    const warned = verdicts.filter((v) => v.result.allowed && v.result.warnings).length;
    t.comment(`${fixture.name}: ${verdicts.length} objects, ${denied} denied, ${warned} allowed with warnings`);
  });
}

t.test('the token Secret is never printed', async (t) => {
  const token30 = fixtures().find((f) => f.name === 's004-token-30')!;
  const values = readFileSync(token30.values, 'utf8');
  const token = /token:\s*"?([A-Za-z0-9]+)"?/.exec(values)![1]!;
  t.equal(token.length, 30);
  t.notOk(hook.logs.raw.some((l) => l.includes(token)), 'not in the logs');
});
