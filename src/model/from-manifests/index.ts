/** Build the model from Kubernetes objects (manifests, `helm template` output, List objects). */
import { isObject, type JsonObject } from '../../json.js';
import { formatPath, type ValuesPath } from '../../load/path.js';
import type { ParsedDocument } from '../../load/yaml-documents.js';
import { emptyModel, type ConfigMapModel, type Fact, type Model, type Protocol, type SecretEntry } from '../types.js';
import { list, obj, objectContext, str, type ObjectContext } from './object-context.js';
import { POD_SPEC_PATHS, podContainers, podMetadata } from './pod.js';
import { workloadRole } from './role.js';
import { parseIgnoreSpec, type IgnoreSpec } from '../ignore-spec.js';
import { manifestPlatforms } from './platform.js';

/** Kinds the model reads; documents of other kinds need not be parsed. */
const MODELLED_KINDS = new Set([...Object.keys(POD_SPEC_PATHS), 'Service', 'Secret', 'ConfigMap', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'List', 'SecurityContextConstraints']);
export const isModelledKind = (kind: string): boolean => MODELLED_KINDS.has(kind);

/**
 * `keepObjects` false leaves `objects` empty (the platforms it shows are taken first): only custom
 * policies on the `object` target read them, and holding every object of a large repository
 * would double the memory a run needs.
 */
export function modelFromDocuments(docs: ParsedDocument[], defaultNamespace = 'default', keepObjects = true): Model {
  const model = emptyModel();
  for (const doc of docs) {
    for (const dup of doc.duplicates ?? []) model.duplicateKeys.push({ path: formatPath(dup.path), origin: dup.second, first: dup.first });
    if (!isObject(doc.value)) continue;
    if (doc.value.kind === 'List') {
      list(doc.value.items).forEach((item, i) => isObject(item) && addObject(model, objectContext(doc, ['items', i], item), defaultNamespace));
    } else addObject(model, objectContext(doc, [], doc.value), defaultNamespace);
  }
  model.platforms.push(...manifestPlatforms(model));
  if (!keepObjects) model.objects = [];
  return model;
}

function addObject(model: Model, ctx: ObjectContext, defaultNamespace: string): void {
  const kind = str(ctx.object.kind);
  const metadata = obj(ctx.object.metadata);
  const name = str(metadata.name);
  if (!kind || !name) return;
  const ref = { kind, name, namespace: str(metadata.namespace) ?? defaultNamespace };
  const origin = ctx.origin(['metadata', 'name']);
  const spec = POD_SPEC_PATHS[kind];
  model.objects.push({ ref, value: ctx.object, origin });
  const ignore = objectIgnore(ctx, spec);
  if (ignore) model.ignores.push({ ref, ...ignore });
  if (spec) {
    const containers = podContainers(ctx, spec);
    const hostNetwork = ctx.value([...spec, 'hostNetwork']) === true;
    const serviceAccountName = str(ctx.value([...spec, 'serviceAccountName']));
    const podLabels = podMetadata(ctx, spec, 'labels');
    const podAnnotations = podMetadata(ctx, spec, 'annotations');
    model.workloads.push({
      ref,
      role: workloadRole(containers, valuesOf(podLabels)),
      hostNetwork: { value: hostNetwork, origin: ctx.origin([...spec, 'hostNetwork']) },
      containers,
      ...(serviceAccountName ? { serviceAccountName } : {}),
      podLabels,
      podAnnotations,
      origin,
    });
  } else if (kind === 'Secret') {
    model.secrets.push({ ref, entries: secretEntries(ctx), origin });
  } else if (kind === 'ConfigMap') {
    model.configMaps.push(configMap(ctx, ref, origin));
  } else if (kind === 'Role' || kind === 'ClusterRole') {
    model.roles.push({ ref, rules: policyRules(ctx), origin: ctx.origin(['rules']) });
  } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const roleRef = obj(ctx.object.roleRef);
    model.roleBindings.push({
      ref,
      roleRef: { kind: str(roleRef.kind) ?? 'ClusterRole', name: str(roleRef.name) ?? '' },
      subjects: list(ctx.object.subjects).flatMap((s) =>
        isObject(s) && typeof s.name === 'string' ? [{ kind: str(s.kind) ?? 'ServiceAccount', name: s.name, ...(str(s.namespace) ? { namespace: str(s.namespace)! } : {}) }] : [],
      ),
      origin,
    });
  } else if (kind === 'Service') {
    model.services.push({
      ref,
      type: str(ctx.value(['spec', 'type'])) ?? 'ClusterIP',
      ports: servicePorts(ctx),
      origin,
    });
  }
}

export const IGNORE_ANNOTATION = 'dd-lint.io/ignore';

/** The ignore annotation of the object, or of its pod template (both count). */
function objectIgnore(ctx: ObjectContext, spec: ValuesPath | undefined): IgnoreSpec | undefined {
  const templateMeta = spec && spec.length > 1 ? [...spec.slice(0, -1), 'metadata', 'annotations'] : undefined;
  const values = [ctx.value(['metadata', 'annotations', IGNORE_ANNOTATION]), templateMeta && ctx.value([...templateMeta, IGNORE_ANNOTATION])];
  if (values[0] === undefined && !values[1]) return undefined;
  const specs = values.filter((v): v is string => typeof v === 'string').map(parseIgnoreSpec);
  const ids = specs.flatMap((s) => s.ids);
  const reason = specs.find((s) => s.reason)?.reason;
  return ids.length > 0 ? { ids, ...(reason ? { reason } : {}) } : undefined;
}

const valuesOf = (facts: Record<string, Fact<string>>): Record<string, string> => Object.fromEntries(Object.entries(facts).map(([k, f]) => [k, f.value]));

/** `data` as the env sees it (binaryData is not read: it cannot be an env value). */
function configMap(ctx: ObjectContext, ref: ConfigMapModel['ref'], origin: ConfigMapModel['origin']): ConfigMapModel {
  const data = Object.entries(obj(ctx.value(['data']))).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : String(value ?? ''), origin: ctx.origin(['data', key]) }));
  return { ref, data, origin };
}

const strings = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === 'string');

function policyRules(ctx: ObjectContext) {
  return list(ctx.object.rules).flatMap((r) =>
    isObject(r) ? [{ apiGroups: strings(r.apiGroups), resources: strings(r.resources), verbs: strings(r.verbs) }] : [],
  );
}

/** `data` is base64 (decoded here, never printed), `stringData` plain and wins over `data`. */
function secretEntries(ctx: ObjectContext): SecretEntry[] {
  const entries = new Map<string, SecretEntry>();
  const read = (field: 'data' | 'stringData', decode: (v: string) => string) => {
    for (const [key, raw] of Object.entries(obj(ctx.value([field])))) {
      const value = typeof raw === 'string' ? decode(raw) : String(raw ?? '');
      entries.set(key, { key, value, length: value.length, origin: ctx.origin([field, key]) });
    }
  };
  read('data', (v) => Buffer.from(v, 'base64').toString('utf8'));
  read('stringData', (v) => v);
  return [...entries.values()];
}

function servicePorts(ctx: ObjectContext) {
  const path: ValuesPath = ['spec', 'ports'];
  return list(ctx.value(path)).flatMap((p, index) => {
    if (!isObject(p) || typeof p.port !== 'number') return [];
    const entry = p as JsonObject;
    const protocol: Protocol = entry.protocol === 'UDP' || entry.protocol === 'SCTP' ? entry.protocol : 'TCP';
    return [
      {
        port: p.port,
        ...(typeof entry.nodePort === 'number' ? { nodePort: entry.nodePort, nodePortOrigin: ctx.origin([...path, index, 'nodePort']) } : {}),
        protocol,
        ...(str(entry.name) ? { name: str(entry.name)! } : {}),
        origin: ctx.origin([...path, index]),
      },
    ];
  });
}
