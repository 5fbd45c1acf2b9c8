// The reviews of bench/load-faults.mjs, each with the verdict dd-lint itself gives on the same
// object (lintTexts, the CLI's engine: denied when a finding of severity error is not suppressed;
// for an UPDATE, one the old object did not have), so a verdict under load is checked against an
// answer computed apart from the webhook. Bodies are serialised once, around a uid placeholder.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { lintTexts } from '../dist/src/engine/run.js';
import { parseYamlDocuments } from '../dist/src/load/yaml-documents.js';
import { parseHelmYaml } from '../dist/src/load/helm-yaml.js';
import { mergeUserValues } from '../dist/src/load/values.js';
import { bundledDefaults } from '../dist/src/chart/defaults.js';
import { HANDLED_KINDS } from '../dist/webhook/kinds.js';
import { fixtures } from '../dist/test/helpers/fixtures.js';
import { helmReleaseSecret } from '../dist/test/helpers/webhook-release.js';

const UID = '@@UID@@';
/** The --set every fixture was rendered with (cmd.txt). */
const SETS = [{ expr: 'datadog.kubeStateMetricsEnabled=false', asString: false }];

/** An AdmissionReview of `object` as the API server sends it, split around its uid. */
function review(object, operation = 'CREATE', oldObject = null) {
  const k = HANDLED_KINDS.find((h) => h.kind === object.kind);
  const gvk = { group: k.group, version: k.version, kind: k.kind };
  const text = JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: UID,
      kind: gvk,
      resource: { group: k.group, version: k.version, resource: k.resource },
      name: object.metadata.name,
      namespace: object.metadata.namespace ?? 'default',
      operation,
      userInfo: { username: 'kubernetes-admin' },
      object,
      oldObject,
      dryRun: false,
    },
  });
  const at = text.indexOf(UID);
  return { head: text.slice(0, at), tail: text.slice(at + UID.length), bytes: Buffer.byteLength(text) };
}

/** Keys of the unsuppressed findings (of severity error only with `errors`), as webhook/verdict.ts tells findings apart across an UPDATE. */
const keys = (findings, errors) => new Set(findings.filter((f) => !f.suppression && (!errors || f.severity === 'error')).map((f) => `${f.ruleId}|${f.container ?? ''}`));
const lintObject = async (object) => (await lintTexts([{ file: 'object.json', text: JSON.stringify(object) }], [], { sets: [] })).findings;

/** Objects of `kinds` in a rendering (CRDs are skipped unparsed). */
const objectsOf = (file, kinds) =>
  parseYamlDocuments(file, readFileSync(file, 'utf8'), { keepKind: (k) => kinds.includes(k) })
    .map((d) => d.value)
    .filter((o) => o && kinds.includes(o.kind));

/**
 * The payload groups: { group, weight, throws?, items }, each item { name, head, tail, bytes,
 * expect } with expect 'allowed', 'denied' or 'unchecked' (allowed with a warning saying it was not
 * checked; `throws`: for the throwing webhook).
 */
export async function payloads() {
  const all = fixtures();
  const app = parse(readFileSync(join(all.find((f) => existsSync(join(f.dir, 'app.yaml'))).dir, 'app.yaml'), 'utf8'));
  const apps = Array.from({ length: 8 }, (_, i) => ({ ...app, metadata: { ...app.metadata, name: `${app.metadata.name}-${i}`, namespace: `team-${i}` } }));
  const rendered = all.filter((f) => existsSync(f.rendered));
  const daemonSets = rendered.flatMap((f) => objectsOf(f.rendered, ['DaemonSet']).map((o) => ({ fixture: f.name, object: o })));
  const others = rendered.flatMap((f) => objectsOf(f.rendered, ['Service', 'Secret', 'Deployment']).map((o) => ({ fixture: f.name, object: o })));
  const clean = daemonSets.find((d) => d.fixture === 'default').object;

  const entry = async (name, object, operation, oldObject) => {
    const errors = keys(await lintObject(object), true);
    const before = oldObject ? keys(await lintObject(oldObject), false) : new Set();
    return { name, ...review(object, operation, oldObject), expect: [...errors].some((k) => !before.has(k)) ? 'denied' : 'allowed' };
  };
  const releases = await Promise.all(
    all.map(async (f) => {
      const defaults = await bundledDefaults(f.chartVersion);
      const config = mergeUserValues([parseHelmYaml(f.values, readFileSync(f.values, 'utf8'))], SETS).user;
      const secret = helmReleaseSecret({ name: 'datadog', namespace: 'datadog', chartVersion: defaults.version, chartValues: defaults.values, config });
      const cli = await lintTexts([{ file: f.values, text: readFileSync(f.values, 'utf8') }], [], { sets: SETS, chartVersion: f.chartVersion });
      return { name: `release ${f.name}`, ...review(secret), expect: keys(cli.findings, true).size > 0 ? 'denied' : 'allowed' };
    }),
  );
  const thrown = { ...app, metadata: { ...app.metadata, name: 'faulty', labels: { 'dd-lint.io/fault': 'throw' } } };
  const groups = [
    { group: 'app Deployment', weight: 46, items: await Promise.all(apps.map((o) => entry(`app ${o.metadata.name}`, o))) },
    { group: 'agent DaemonSet', weight: 16, items: await Promise.all(daemonSets.map((d) => entry(`DaemonSet ${d.fixture}`, d.object))) },
    { group: 'other rendered object', weight: 10, items: await Promise.all(others.map((d) => entry(`${d.object.kind} ${d.fixture}/${d.object.metadata.name}`, d.object))) },
    {
      group: 'UPDATE',
      weight: 12,
      items: await Promise.all(
        daemonSets.flatMap((d) => [entry(`UPDATE unchanged ${d.fixture}`, d.object, 'UPDATE', d.object), entry(`UPDATE default -> ${d.fixture}`, d.object, 'UPDATE', clean)]),
      ),
    },
    { group: 'Helm release Secret', weight: 4, items: releases },
    { group: 'rule exception', weight: 2, throws: true, items: [{ name: 'app labelled dd-lint.io/fault=throw', ...review(thrown), expect: 'unchecked' }] },
  ];
  // Most incidents need the cluster's other objects to show: the ones that deny on their own, more often.
  const denied = groups.flatMap((g) => g.items.filter((i) => i.expect === 'denied'));
  return [...groups, { group: 'denied (of the above)', weight: 8, items: denied }];
}

/** Malformed envelopes, each answered 400. */
export const MALFORMED = [
  '{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": ',
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'x', operation: 'CREATE', kind: { kind: 'Pod' } } }),
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { operation: 'CREATE', kind: { kind: 'Pod' }, object: {} } }),
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'x', operation: 'CREATE', kind: { kind: 'Pod' }, object: 'not an object' } }),
  '[1, 2, 3]',
];
