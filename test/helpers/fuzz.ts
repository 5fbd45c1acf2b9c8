/**
 * Generated inputs for the fuzz properties (issue 8), shared by test/fuzz.test.ts (a small sample on
 * every `npm test`) and scripts/fuzz.mjs (`npm run fuzz`, 100,000+ cases):
 * - YAML-shaped text: a soup of YAML's indicators, chart and Kubernetes keys, and odd characters;
 * - byte strings, decoded as an input file is;
 * - nested values objects and Kubernetes objects with the keys the model reads, serialised to YAML
 *   or JSON (values of every type where the model expects one);
 * - the real values files and renderings of test/fixtures/helm-template, mutated: cut, a line duplicated,
 *   deleted or moved, two lines swapped, a character flipped, text inserted, indentation changed;
 * - --set / --set-string arguments;
 * - wrappers around any of those values texts: a helmfile (inline values, a values file, set
 *   entries), a kustomization's helmCharts valuesInline, an umbrella chart's values under its alias.
 *
 * The engine property: lintTexts resolves, or rejects with an InputError of one line. Nothing else
 * (a TypeError deep in the model, a stack overflow) may escape.
 */
import fc from 'fast-check';
import { readFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { lintTexts } from '../../src/engine/run.js';
import { InputError } from '../../src/load/input-error.js';
import { decodeText, type SourceText } from '../../src/load/inputs.js';
import type { SetArg } from '../../src/load/values.js';
import { FIXTURES_DIR, fixtures } from './fixtures.js';
import { MAX_DEPTH } from '../../src/load/limits.js';
import { firstTemplateAction } from '../../src/adapters/wrapper-values.js';

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Keys the chart model reads (src/model/from-values), and a few of the chart's own. */
export const VALUES_KEYS = [
  'datadog', 'clusterAgent', 'agents', 'existingClusterAgent', 'apiKey', 'appKey', 'token', 'tokenExistingSecret', 'enabled',
  'env', 'envDict', 'name', 'value', 'useHostNetwork', 'otelCollector', 'ports', 'port', 'containerPort', 'hostPort', 'protocol',
  'apm', 'portEnabled', 'socketEnabled', 'useLocalService', 'useSocketVolume', 'dogstatsd', 'useHostPort', 'admissionController',
  'configMode', 'kubelet', 'tlsVerify', 'host', 'containers', 'agent', 'traceAgent', 'processAgent', 'systemProbe', 'securityAgent',
  'otelAgent', 'image', 'tag', 'repository', 'volumeMounts', 'mountPath', 'localService', 'overrideName', 'join', 'serviceName',
  'tokenSecretName', 'dataPlane', 'networkMonitoring', 'serviceMonitoring', 'discovery', 'runtime', 'compliance', 'skipSSLValidation',
  'site', 'fullnameOverride', 'nameOverride', 'rbac', 'create', 'service', 'type', 'nodePort', 'hostNetwork', 'valueFrom', '<<', 'on',
] as const;

/** Keys the manifest model reads (src/model/from-manifests). */
export const MANIFEST_KEYS = [
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'template', 'jobTemplate', 'containers',
  'initContainers', 'image', 'env', 'value', 'valueFrom', 'fieldRef', 'fieldPath', 'secretKeyRef', 'key', 'ports', 'containerPort',
  'hostPort', 'protocol', 'hostNetwork', 'volumeMounts', 'mountPath', 'volumes', 'secret', 'secretName', 'serviceAccountName',
  'selector', 'matchLabels', 'type', 'port', 'targetPort', 'nodePort', 'data', 'stringData', 'rules', 'apiGroups', 'resources',
  'verbs', 'subjects', 'roleRef', 'items', 'nodeSelector', 'affinity', 'tolerations', 'args', 'command', 'envFrom',
] as const;

/** Values paths the chart model reads (src/model/from-values), where a wrong type is most likely to hurt. */
const CHART_PATHS = [
  'agents.containers.agent', 'agents.containers.agent.env', 'agents.containers.agent.ports', 'agents.containers.traceAgent.env',
  'agents.containers.processAgent.env', 'agents.containers.systemProbe.env', 'agents.containers.otelAgent.env', 'agents.enabled',
  'agents.image.tag', 'agents.localService', 'agents.localService.overrideName', 'agents.useHostNetwork', 'agents.volumeMounts',
  'clusterAgent.admissionController', 'clusterAgent.admissionController.configMode', 'clusterAgent.admissionController.enabled',
  'clusterAgent.enabled', 'clusterAgent.env', 'clusterAgent.token', 'clusterAgent.tokenExistingSecret', 'clusterAgent.useHostNetwork',
  'clusterAgent.rbac', 'clusterAgent.envDict', 'datadog.apiKey', 'datadog.apm', 'datadog.apm.enabled', 'datadog.apm.port',
  'datadog.apm.portEnabled', 'datadog.apm.socketEnabled', 'datadog.apm.useLocalService', 'datadog.apm.useSocketVolume',
  'datadog.dataPlane.dogstatsd.enabled', 'datadog.dataPlane.enabled', 'datadog.discovery.enabled', 'datadog.dogstatsd.port',
  'datadog.dogstatsd.useHostPort', 'datadog.env', 'datadog.envDict', 'datadog.kubelet.host', 'datadog.kubelet.tlsVerify',
  'datadog.networkMonitoring.enabled', 'datadog.otelCollector.enabled', 'datadog.otelCollector.ports', 'datadog.securityAgent',
  'datadog.securityAgent.compliance.enabled', 'datadog.securityAgent.runtime.enabled', 'datadog.serviceMonitoring.enabled',
  'datadog.systemProbe.enableOOMKill', 'existingClusterAgent.join', 'existingClusterAgent.serviceName',
  'existingClusterAgent.tokenSecretName', 'fullnameOverride', 'nameOverride', 'datadog', 'agents', 'clusterAgent',
] as const;

export const KINDS = [
  'Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout', 'Service', 'Secret', 'Role',
  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'List', 'ConfigMap', 'CustomResourceDefinition', '',
] as const;

const SCALAR_TEXTS = [
  'true', 'false', '"false"', 'yes', 'no', 'on', 'off', '~', 'null', '0', '007', '8125', '8126', '4317', '30000', '36527', '-1',
  '65536', '1e400', '.nan', '.inf', '0x1F', '1_000', '2001-12-14', 'hostip', 'service', 'socket', 'status.hostIP', 'TCP', 'UDP',
  'DD_API_KEY', 'DD_CLUSTER_AGENT_AUTH_TOKEN', 'DD_SKIP_SSL_VALIDATION', 'DD_KUBELET_TLS_VERIFY', 'gcr.io/datadoghq/agent:7.81.1',
  'datadog/cluster-agent:7.81.1', 'abcdefghijklmnopqrstuvwxyz0123', '/var/run/secrets/kubernetes.io/serviceaccount', '"', "'", '|', '>',
] as const;

/** Pieces of YAML syntax: indicators, keys, scalars, line ends. */
const YAML_TOKENS = [
  '\n', '\n', '\n', '  ', '  ', '    ', ' ', '- ', ': ', ':', '---\n', '...\n', '[', ']', '{', '}', ', ', '"', "'", '#', '&a ', '*a',
  '&b ', '*b', '<<: ', '!!str ', '!!int ', '!!binary ', '!tag ', '? ', '|\n', '>-\n', '%YAML 1.1\n', '\t', '\r\n', '\\', '@', '`',
  'apiVersion: v1\n', 'apiVersion: apps/v1\n', 'kind: Pod\n', 'kind: DaemonSet\n', 'kind: Secret\n', 'kind: List\n', 'kind: ConfigMap\n',
  'metadata:\n  name: x\n', 'spec:\n', 'containers:\n', 'env:\n', '- name: DD_API_KEY\n', 'value: ', 'hostPort: ', 'items:\n',
  'datadog:\n', 'clusterAgent:\n', 'agents:\n', 'token: ', 'enabled: ', 'useHostNetwork: true\n', '# dd-lint-disable\n',
  '# dd-lint-disable-next-line duplicate-key\n', 'é', '😀', '\u00a0', '\u0085', '\u2028', '\uFEFF', '\u0000', '\u0007',
  ...VALUES_KEYS, ...MANIFEST_KEYS, ...SCALAR_TEXTS,
];

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Text made of YAML pieces. */
export const yamlText = fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 80 }).map((parts) => parts.join(''));

/** Any bytes, biased to ASCII YAML with a few high bytes. */
export const byteStrings = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(yamlText, fc.uint8Array({ maxLength: 4 }), fc.nat()).map(([text, bytes, at]) => {
    const utf8 = Buffer.from(text);
    const cut = utf8.length ? at % utf8.length : 0;
    return Buffer.concat([utf8.subarray(0, cut), bytes, utf8.subarray(cut)]);
  }),
  fc.constantFrom(Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]), Buffer.from([0xef, 0xbb, 0xbf])).chain((bom) =>
    yamlText.map((text) => Buffer.concat([bom, Buffer.from(text, bom[0] === 0xef ? 'utf8' : 'utf16le')])),
  ),
);

const scalar = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -70000, max: 70000 }),
  fc.constantFrom(0, 8125, 8126, 4317, 4318, 7777, 8888, 30000, 32767, 32768, 36527, 60999, 2 ** 53, -0, 1.5),
  fc.double(),
  fc.constantFrom(...SCALAR_TEXTS),
  fc.string({ maxLength: 40 }),
);

/** A nested object of the given keys, any value type anywhere. */
export function nested(keys: readonly string[], depth: number): fc.Arbitrary<unknown> {
  const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('node')),
    node: fc.oneof(
      { maxDepth: depth },
      fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), tie('tree'), { maxKeys: 6 }),
      fc.array(tie('tree'), { maxLength: 4 }),
    ),
  }));
  return tree;
}

const serialise = (value: unknown, as: 'yaml' | 'json' | 'flow'): string => {
  try {
    if (as === 'json') return JSON.stringify(value, null, 1) ?? 'null';
    return stringify(value, { collectionStyle: as === 'flow' ? 'flow' : 'any', aliasDuplicateObjects: false });
  } catch {
    return String(value);
  }
};
const format = fc.constantFrom('yaml', 'json', 'flow') as fc.Arbitrary<'yaml' | 'json' | 'flow'>;

/** `obj` with `value` written at `path` (creating maps on the way, replacing whatever is in the way). */
export function setPath(obj: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: Record<string, unknown> = obj;
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value;
    else {
      const next = node[key];
      node = (node[key] = next && typeof next === 'object' ? next : {}) as Record<string, unknown>;
    }
  });
}

/** Helm values files as YAML or JSON: random maps of chart keys, or chart paths set to values of any type. */
export const valuesTexts = fc.tuple(
  fc.oneof(
    fc.dictionary(fc.constantFrom(...VALUES_KEYS), nested(VALUES_KEYS, 5), { maxKeys: 5 }),
    fc.array(fc.tuple(fc.constantFrom(...CHART_PATHS), nested(VALUES_KEYS, 3)), { minLength: 1, maxLength: 8 }).map((sets) => {
      const out: Record<string, unknown> = {};
      for (const [path, value] of sets) setPath(out, path.split('.'), value);
      return out;
    }),
  ),
  format,
).map(([value, as]) => serialise(value, as));

/** A Kubernetes object: apiVersion and kind, then the keys the model reads with values of any type. */
const k8sObject = fc.record(
  {
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'argoproj.io/v1alpha1'),
    kind: fc.constantFrom(...KINDS),
    metadata: fc.oneof(fc.record({ name: fc.constantFrom('datadog', 'datadog-cluster-agent', 'app'), namespace: fc.constantFrom('datadog', 'default') }), nested(MANIFEST_KEYS, 2)),
    spec: nested(MANIFEST_KEYS, 6),
    data: nested(MANIFEST_KEYS, 1),
    items: fc.array(nested(MANIFEST_KEYS, 4), { maxLength: 3 }),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

/** Every path (to a map entry or list item) in a JSON value. */
export function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), paths(v, [...prefix, i], out)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k]), paths(v, [...prefix, k], out);
  return out;
}

/** Objects of `from` (by default the fixtures' renderings and apps) with 1-4 of their values replaced by values of any type. */
export const corrupted = (from: () => unknown[] = () => realObjects()) =>
  fc.tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), nested(MANIFEST_KEYS, 3)), { minLength: 1, maxLength: 4 })).map(([pick, changes]) => {
    const objects = from();
    const object = structuredClone(objects[pick % objects.length]!) as Record<string, unknown>;
    const all = paths(object);
    for (const [at, value] of changes) setPath(object, all[at % all.length]!, value);
    return object;
  });
const corruptedObject = corrupted();

/** Manifests: one to three objects (random, or real ones corrupted), as multi-document YAML or JSON. */
export const manifestTexts = fc
  .tuple(fc.array(fc.oneof(k8sObject, corruptedObject, corruptedObject), { minLength: 1, maxLength: 3 }), format)
  .map(([objects, as]) =>
    as === 'json' ? serialise(objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects }, 'json') : objects.map((o) => serialise(o, as)).join('---\n'),
  );

/** The real inputs: every fixture's values.yaml and app.yaml, and each rendering's documents other than CRDs. */
function realTexts(): { values: string[]; manifests: string[] } {
  const values: string[] = [];
  const manifests: string[] = [];
  for (const f of fixtures()) {
    values.push(readFileSync(f.values, 'utf8'));
    const app = join(f.dir, 'app.yaml');
    if (existsSync(app)) manifests.push(readFileSync(app, 'utf8'));
    if (existsSync(f.rendered)) {
      manifests.push(...readFileSync(f.rendered, 'utf8').split(/^---$/m).filter((d) => !/^kind: CustomResourceDefinition/m.test(d)));
    }
  }
  return { values, manifests };
}
let real: ReturnType<typeof realTexts> | undefined;
const realInputs = () => (real ??= realTexts());
let objects: unknown[] | undefined;
/** The real manifests as objects (each document of realInputs().manifests). */
export const realObjects = (): unknown[] => (objects ??= realInputs().manifests.flatMap((text) => parseAllDocuments(text).map((d) => d.toJS())).filter((o) => o && typeof o === 'object'));

type Mutation = (text: string) => string;
const lineOp = (op: (lines: string[], i: number, j: number) => void) =>
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (text) => {
    const lines = text.split('\n');
    op(lines, a % lines.length, b % lines.length);
    return lines.join('\n');
  });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((at): Mutation => (text) => text.slice(0, at % (text.length + 1))), // cut
  lineOp((lines, i) => lines.splice(i, 0, lines[i]!)), // duplicate a line
  lineOp((lines, i) => lines.splice(i, 1)), // delete a line
  lineOp((lines, i, j) => ([lines[i], lines[j]] = [lines[j]!, lines[i]!])), // swap two lines
  lineOp((lines, i, j) => lines.splice(j, 0, ...lines.splice(i, 1))), // move a line
  lineOp((lines, i) => (lines[i] = lines[i]!.startsWith('  ') ? lines[i]!.slice(2) : '  ' + lines[i])), // indentation
  fc.tuple(fc.nat(), fc.constantFrom(...YAML_TOKENS, 'a', '0', ' ', '-', ':')).map(([at, c]): Mutation => (text) => {
    const i = at % Math.max(1, text.length);
    return text.slice(0, i) + c + text.slice(i + 1); // flip a character
  }),
  fc.tuple(fc.nat(), yamlText).map(([at, insert]): Mutation => (text) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i); // insert text
  }),
);

/** A real values file or 1-4 documents of a real rendering, mutated 1-4 times. */
export const mutatedTexts = fc
  .tuple(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 4 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([values, pick, docs, mutations]) => {
    const { values: v, manifests: m } = realInputs();
    const text = values ? v[pick % v.length]! : Array.from({ length: docs }, (_, i) => m[(pick + i * 7) % m.length]!).join('---');
    return mutations.reduce((t, mutate) => mutate(t), text);
  });

const SET_UNITS = ['.', '[', ']', '{', '}', ',', '=', '\\', '0', '1', '-', ' ', 'a', 'null', 'true', '=false', '[0]', '[65537]', ...VALUES_KEYS];
/** --set / --set-string arguments: chart paths, indexes, lists, escapes, and noise. */
export const setArgs: fc.Arbitrary<SetArg[]> = fc.array(
  fc.record({
    expr: fc.oneof(
      fc.string({ unit: fc.constantFrom(...SET_UNITS), maxLength: 12 }),
      fc.tuple(fc.constantFrom('datadog.apiKey', 'clusterAgent.token', 'agents.useHostNetwork', 'datadog.otelCollector.enabled', 'clusterAgent.env[0].name', 'agents.containers.agent.env[1].value', 'datadog.apm.port'), scalar).map(([k, v]) => `${k}=${String(v)}`),
    ),
    asString: fc.boolean(),
  }),
  { maxLength: 3 },
);

// ---------------------------------------------------------------------------------------------
// GitOps wrappers around arbitrary values text

const indentBy = (text: string, n: number) => text.replace(/^/gm, ' '.repeat(n));
/** Values text of any kind: YAML-shaped soup, generated values, real ones mutated. */
const anyValuesText = fc.oneof(yamlText, valuesTexts, mutatedTexts);
/** How a wrapper writes a string: a literal or folded block (with chomping and indentation indicators), or quoted. */
const stringFieldOf = (texts: fc.Arbitrary<string>, styles = ['|', '|-', '|+', '|2', '>', '>-', 'json']) =>
  fc.tuple(texts, fc.constantFrom(...styles)).map(([text, style]) => (style === 'json' ? ` ${JSON.stringify(text)}` : ` ${style}\n${indentBy(text, 8)}`));
const stringField = stringFieldOf(anyValuesText);
const argoParameters = fc.array(
  fc.record({ name: fc.oneof(fc.constantFrom(...CHART_PATHS), fc.string({ maxLength: 10 })), value: fc.oneof(fc.string({ maxLength: 10 }), scalar.map(String)), forceString: fc.boolean() }),
  { maxLength: 3 },
);

/** An Argo CD Application of the datadog chart: values in helm.values (any text, any string style), valuesObject, parameters, valueFiles. */
export const argoApplicationTexts = argoApplicationsOf(stringField, fc.option(nested(VALUES_KEYS, 4)).map((o) => (o === null ? null : JSON.stringify(o))));

/**
 * Applications whose helm.values is one of `strings` and valuesObject (written as YAML after `valuesObject:`) one of `objects` or none.
 * Their `$values/` patterns match in the working directory (the repository): only values files, so that a hostile case is refused by its own values.
 */
function argoApplicationsOf(strings: fc.Arbitrary<string>, objects: fc.Arbitrary<string | null>) {
  return fc
  .tuple(strings, objects, argoParameters, fc.array(fc.constantFrom('values.yaml', './values.yaml', 'values-prod.yaml', '../x.yaml', '/etc/passwd', 'https://example.com/v.yaml', '$values/a.yaml', '$nope/b.yaml', '$values/examples/*/values.yaml', '$values/examples/**/values.y?ml', '$values/../*.yaml', '$values/[a-z]*.yaml', 'envs/*.yaml'), { maxLength: 2 }), fc.boolean(), fc.boolean())
  .map(([values, object, parameters, valueFiles, multi, oci]) => {
    const helm = [
      `      values:${values}`,
      ...(object === null ? [] : [`      valuesObject: ${object}`]),
      `      parameters: ${JSON.stringify(parameters)}`,
      `      valueFiles: ${JSON.stringify(valueFiles)}`,
    ].join('\n');
    // A Helm repository's chart, or Argo CD's native OCI source of it.
    const chart = oci ? 'repoURL: oci://registry.example.com/charts/datadog\n    path: .' : 'repoURL: https://helm.datadoghq.com\n    chart: datadog';
    const source = `${chart}\n    targetRevision: 3.240.0\n    helm:\n${helm}`;
    const sources = multi ? `  sources:\n  - ${source.replace(/\n {4}/g, '\n    ')}\n  - repoURL: https://git.example.com/config.git\n    ref: values` : `  source:\n    ${source}`;
    return `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: datadog\n  namespace: argocd\nspec:\n${sources}\n  destination:\n    namespace: datadog\n`;
  });
}

/** A Flux HelmRelease of the datadog chart with spec.values, and valuesFrom a ConfigMap (any text) and a Secret, in the same input. */
export const fluxHelmReleaseTexts = fluxHelmReleasesOf(fc.option(nested(VALUES_KEYS, 4)).map((o) => (o === null ? null : JSON.stringify(o))), stringField, anyValuesText);

/** HelmReleases whose spec.values (YAML after `values:`) is one of `objects` or none, with a ConfigMap's values string of `strings` and a Secret's values text of `texts`. */
function fluxHelmReleasesOf(objects: fc.Arbitrary<string | null>, strings: fc.Arbitrary<string>, texts: fc.Arbitrary<string>) {
  return fc
  .tuple(objects, strings, fc.option(fc.oneof(fc.constantFrom(...CHART_PATHS), fc.string({ maxLength: 8 }))), texts, fc.constantFrom('v2', 'v2beta2', 'v2beta1'))
  .map(([values, configMapValues, targetPath, secretText, version]) =>
    [
      `apiVersion: helm.toolkit.fluxcd.io/${version}\nkind: HelmRelease\nmetadata:\n  name: datadog\n  namespace: datadog\nspec:\n  chart:\n    spec:\n      chart: datadog\n      version: 3.240.0`,
      `  valuesFrom:\n    - kind: ConfigMap\n      name: datadog-values\n    - kind: Secret\n      name: datadog-secret-values${targetPath === null ? '' : `\n      targetPath: ${JSON.stringify(targetPath)}`}\n    - kind: ConfigMap\n      name: missing\n      optional: true`,
      ...(values === null ? [] : [`  values: ${values}`]),
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: datadog-values\n  namespace: datadog\ndata:\n  values.yaml:${configMapValues.replace(/^ {8}/gm, '    ')}`,
      `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: datadog-secret-values\n  namespace: datadog\ndata:\n  values.yaml: ${Buffer.from(secretText).toString('base64')}`,
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------
// The engine property

/** How a generated text is handed to the engine. */
export type Placement = 'positional' | 'values' | 'both';
const placement = fc.constantFrom('positional', 'positional', 'values', 'both') as fc.Arbitrary<Placement>;

/** Lint one text in memory; the only error allowed is an InputError of one line. */
export async function lintOrInputError(text: string, where: Placement, sets: SetArg[] = []): Promise<void> {
  const input: SourceText = { file: 'fuzz.yaml', text };
  const positional = where === 'values' ? [] : [input];
  const valuesFiles = where === 'positional' ? [] : [{ file: 'fuzz-values.yaml', text }];
  try {
    await lintTexts(positional, valuesFiles, { sets, reportUnusedSuppressions: true });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (/[\r\n]/.test(err.message)) throw new Error(`an InputError of more than one line: ${JSON.stringify(err.message)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Wrappers (helmfile, kustomize helmCharts, umbrella charts) around values texts

const setEntry = fc.tuple(fc.constantFrom(...SET_UNITS, 'clusterAgent.token', 'datadog.apiKey'), fc.oneof(fc.string(), fc.constantFrom(...SCALAR_TEXTS)));

/** Files of a tree (path → text) and the one to lint. */
export interface WrapperTree {
  files: Record<string, string>;
  entry: string;
}

export const wrapperTrees: fc.Arbitrary<WrapperTree> = wrapperTreesOf(anyValuesText, anyValuesText);

/** helmfile (inline values of `inlines`, a values file of `files`), kustomize helmCharts and umbrella charts around `inlines`. */
function wrapperTreesOf(inlines: fc.Arbitrary<string>, files: fc.Arbitrary<string>): fc.Arbitrary<WrapperTree> {
  return fc.oneof(
  fc.tuple(inlines, files, fc.array(setEntry, { maxLength: 3 })).map(([inline, file, sets]) => ({
    entry: 'helmfile.yaml',
    files: {
      'helmfile.yaml': `releases:\n  - name: datadog\n    chart: datadog/datadog\n    version: 3.123.3\n    values:\n      - values.yaml\n      -\n${indentBy(inline, 8)}\n    set:\n${sets.map(([name, value]) => `      - name: ${JSON.stringify(name)}\n        value: ${JSON.stringify(value)}\n`).join('')}`,
      'values.yaml': file,
    },
  })),
  inlines.map((inline) => ({
    entry: 'kustomization.yaml',
    files: { 'kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n- name: datadog\n  version: 3.x\n  valuesInline:\n${indentBy(inline, 4)}\n` },
  })),
  fc.tuple(inlines, fc.boolean()).map(([values, aliased]) => ({
    entry: 'Chart.yaml',
    files: {
      'Chart.yaml': `apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n- name: datadog\n  version: ~3.123.0\n${aliased ? '  alias: dd\n  condition: dd.enabled\n' : ''}`,
      'values.yaml': `global:\n  site: eu\n${aliased ? 'dd' : 'datadog'}:\n${indentBy(values, 2)}\n`,
    },
  })),
  );
}

// ---------------------------------------------------------------------------------------------
// Hostile values inside wrappers: the limits of src/load/limits.ts hold wherever values are written

/** "Billion laughs": `levels` levels of ten aliases of the level below (over MAX_ALIAS_COUNT expansions from 4 levels on). */
const aliasBomb = fc.integer({ min: 4, max: 9 }).map((levels) => {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
});
/** Maps nested past MAX_DEPTH, in block or flow style. */
const tooDeep = fc.tuple(fc.integer({ min: MAX_DEPTH + 1, max: MAX_DEPTH + 40 }), fc.boolean()).map(([depth, flow]) =>
  flow ? `datadog: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}` : Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1',
);
/** Values texts no values file may hold (an alias bomb, nesting past the limit). */
export const hostileValuesTexts = fc.oneof(aliasBomb, tooDeep);
/** The same written as a YAML block under a key at `indent` (valuesObject, spec.values). */
const hostileBlock = (indent: number) => hostileValuesTexts.map((text) => `\n${indentBy(text, indent)}`);

/** Valid values for the places a hostile case leaves alone (an error there would come first). */
const benignText = fc.constant('datadog:\n  site: datadoghq.eu');
const benignString = stringFieldOf(benignText);

/** The string styles that keep a text's lines as they are (a folded one joins them into another text). */
const LITERAL = ['|', '|-', '|+', 'json'];

/**
 * A helmfile whose random `set` value holds `{{` is a templated helmfile, refused before any values
 * are read (found by npm run fuzz): a hostile case keeps it out, as it keeps the other places benign.
 */
const untemplated = (tree: WrapperTree) => firstTemplateAction(tree.files['helmfile.yaml'] ?? '') === undefined;

/** Every wrapper form, with a hostile values text in one of the places values go. */
export const hostileWrappers: fc.Arbitrary<{ text: string } | { tree: WrapperTree }> = fc.oneof(
  argoApplicationsOf(stringFieldOf(hostileValuesTexts, LITERAL), fc.constant(null)).map((text) => ({ text })),
  argoApplicationsOf(benignString, hostileBlock(8)).map((text) => ({ text })),
  fluxHelmReleasesOf(hostileBlock(4), benignString, benignText).map((text) => ({ text })),
  fluxHelmReleasesOf(fc.constant(null), stringFieldOf(hostileValuesTexts, LITERAL), benignText).map((text) => ({ text })),
  // Without a targetPath (which takes the Secret's text as one flat value, never parsed).
  fluxHelmReleasesOf(fc.constant(null), benignString, hostileValuesTexts).filter((text) => !text.includes('targetPath')).map((text) => ({ text })),
  wrapperTreesOf(hostileValuesTexts, benignText).filter(untemplated).map((tree) => ({ tree })),
  wrapperTreesOf(benignText, hostileValuesTexts).filter(untemplated).map((tree) => ({ tree })).filter(({ tree }) => tree.entry === 'helmfile.yaml'),
);

/** A hostile wrapper is refused with the one line of the limit it crosses, as the values file alone would be. */
export async function refusedByALimit(input: { text: string } | { tree: WrapperTree }): Promise<void> {
  try {
    if ('text' in input) await lintTexts([{ file: 'fuzz.yaml', text: input.text }], [], { sets: [] });
    else await lintWrapperOrInputError(input.tree, true);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (/[\r\n]/.test(err.message)) throw new Error(`an InputError of more than one line: ${JSON.stringify(err.message)}`);
    if (!/over the limit|alias/i.test(err.message)) throw new Error(`refused, but not by a limit: ${err.message}`);
    return;
  }
  throw new Error('a hostile values text inside a wrapper was linted, not refused');
}

let wrapperDir: string | undefined;
/** Lint a wrapper written to disk (one directory, rewritten each case); the only error allowed is an InputError of one line. */
export async function lintWrapperOrInputError(tree: WrapperTree, rethrow = false): Promise<void> {
  const root = (wrapperDir ??= mkdtempSync(join(tmpdir(), 'dd-lint-fuzz-wrappers-')));
  for (const [path, text] of Object.entries(tree.files)) writeFileSync(join(root, path), text);
  const file = join(root, tree.entry);
  try {
    await lintTexts([{ file, text: tree.files[tree.entry]!, root }], [], { sets: [], reportUnusedSuppressions: true });
  } catch (err) {
    if (!(err instanceof InputError) || rethrow) throw err;
    if (/[\r\n]/.test(err.message)) throw new Error(`an InputError of more than one line: ${JSON.stringify(err.message)}`);
  }
}

export interface NamedProperty {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one list of properties over different inputs
  property: fc.IAsyncProperty<any>;
}

/** One property per kind of generated input, each over lintTexts. */
export function engineProperties(): NamedProperty[] {
  const token30 = readFileSync(join(FIXTURES_DIR, 's004-token-30', 'values.yaml'), 'utf8');
  return [
    { name: 'YAML-shaped text', property: fc.asyncProperty(yamlText, placement, (text, where) => lintOrInputError(text, where)) },
    {
      name: 'byte strings',
      property: fc.asyncProperty(byteStrings, placement, async (bytes, where) => {
        let text: string;
        try {
          text = decodeText('fuzz.yaml', bytes);
        } catch (err) {
          if (err instanceof InputError) return;
          throw err;
        }
        await lintOrInputError(text, where);
      }),
    },
    { name: 'nested values objects', property: fc.asyncProperty(valuesTexts, placement, setArgs, (text, where, sets) => lintOrInputError(text, where, sets)) },
    { name: 'Kubernetes objects', property: fc.asyncProperty(manifestTexts, (text) => lintOrInputError(text, 'positional')) },
    { name: 'mutated fixtures', property: fc.asyncProperty(mutatedTexts, placement, (text, where) => lintOrInputError(text, where)) },
    { name: '--set arguments', property: fc.asyncProperty(setArgs, placement, (sets, where) => lintOrInputError(token30, where, sets)) },
    { name: 'wrappers (helmfile, kustomize helmCharts, umbrella chart) around values texts', property: fc.asyncProperty(wrapperTrees, (tree) => lintWrapperOrInputError(tree)) },
    { name: 'Argo CD Applications around any values text', property: fc.asyncProperty(argoApplicationTexts, (text) => lintOrInputError(text, 'positional')) },
    { name: 'Flux HelmReleases around any values text', property: fc.asyncProperty(fluxHelmReleaseTexts, (text) => lintOrInputError(text, 'positional')) },
    { name: 'hostile values (alias bombs, nesting past the limit) inside every wrapper: refused by the limit', property: fc.asyncProperty(hostileWrappers, refusedByALimit) },
  ];
}
