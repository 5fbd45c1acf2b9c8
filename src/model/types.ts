/**
 * The model: what would run in the cluster, read off Helm values (by modelling the chart) or off
 * manifests. Rules read only this. Every fact carries the Origin a finding about it points at.
 */
import type { Origin } from './location.js';
import type { ValuesRelease } from '../load/values.js';
import type { JsonObject } from '../json.js';

/** What a workload is, decided by what it runs (images, containers, chart labels), not by its name. */
export type Role = 'node-agent' | 'cluster-agent' | 'app' | 'other';

export interface ObjectRef {
  kind: string;
  name: string;
  namespace: string;
  /**
   * The Helm release an object is modelled from (its values files). Objects of two releases never
   * meet: each release may be another cluster (prod and staging values side by side). Objects read
   * from manifests meet every release. `<namespace>/<name> from <where it was read>`: findings name
   * a release so.
   */
  release?: string;
}

export interface Fact<T> {
  value: T;
  origin: Origin;
}

export interface EnvVar {
  name: string;
  /** The literal value the process sees, when it is a literal. */
  value?: string;
  /** valueFrom.fieldRef.fieldPath, e.g. status.hostIP. */
  fieldRef?: string;
  secretKeyRef?: { name: string; key: string };
  /** valueFrom.configMapKeyRef: the value is the ConfigMap's key, when the ConfigMap is among the inputs. */
  configMapKeyRef?: { name: string; key: string };
  origin: Origin;
}

/** An `envFrom` entry naming a ConfigMap: each of its keys becomes a variable (with `prefix`). */
export interface EnvFromConfigMap {
  configMap: string;
  prefix: string;
  origin: Origin;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface Port {
  containerPort: number;
  hostPort?: number;
  protocol: Protocol;
  name?: string;
  origin: Origin;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  origin: Origin;
}

export interface Container {
  name: string;
  image?: string;
  init: boolean;
  /** In order; a later entry with the same name wins, as in Kubernetes. */
  env: EnvVar[];
  /** ConfigMaps whose keys are set before `env` (manifests only; Secrets are not read). */
  envFrom?: EnvFromConfigMap[];
  /** `command` then `args`, as written (manifests only): where a tracer is often loaded. */
  commandLine?: string[];
  ports: Port[];
  volumeMounts: VolumeMount[];
  origin: Origin;
  note?: string;
}

export interface Workload {
  ref: ObjectRef;
  role: Role;
  hostNetwork: Fact<boolean>;
  /** Main containers then init containers (`init: true`). */
  containers: Container[];
  serviceAccountName?: string;
  /** The pod template's labels and annotations (manifests only), each with where it is written. */
  podLabels?: Record<string, Fact<string>>;
  podAnnotations?: Record<string, Fact<string>>;
  origin: Origin;
}

export interface SecretEntry {
  key: string;
  /** The decoded value, when known (never printed: findings describe it by length). */
  value?: string;
  /** Known length even when the value is not (the chart's random 32-character token). */
  length: number;
  origin: Origin;
}

export interface SecretModel {
  ref: ObjectRef;
  entries: SecretEntry[];
  origin: Origin;
}

/** A ConfigMap's `data` (env values read through envFrom and configMapKeyRef). */
export interface ConfigMapModel {
  ref: ObjectRef;
  data: { key: string; value: string; origin: Origin }[];
  origin: Origin;
}

export interface ServicePort {
  port: number;
  nodePort?: number;
  /** Where `nodePort:` is written (findings about the NodePort point there). */
  nodePortOrigin?: Origin;
  protocol: Protocol;
  name?: string;
  origin: Origin;
}

export interface ServiceModel {
  ref: ObjectRef;
  type: string;
  ports: ServicePort[];
  origin: Origin;
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** A Role or ClusterRole; `origin` is its `rules:`, where a missing permission goes. */
export interface RoleModel {
  ref: ObjectRef;
  rules: PolicyRule[];
  origin: Origin;
}

/** A RoleBinding or ClusterRoleBinding. */
export interface RoleBindingModel {
  ref: ObjectRef;
  roleRef: { kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
  origin: Origin;
}

/** `dd-lint.io/ignore: "<id>[,<id>] [-- reason]"` on an object or its pod template. */
export interface ObjectIgnore {
  ref: ObjectRef;
  ids: string[];
  reason?: string;
}

/** A Kubernetes object as written in a manifest (for custom policies on the `object` target). */
export interface ManifestObject {
  ref: ObjectRef;
  value: JsonObject;
  origin: Origin;
}

/** A value that makes `helm template` itself fail (the chart's templates error out on it). */
/** Values that make `helm template` fail: which guard or type error, and the value's type where it matters. */
export type RenderFailure =
  | { reason: 'token-not-string'; type: string; origin: Origin }
  | { reason: 'env-without-name'; path: string; index: number; origin: Origin }
  | { reason: 'kubelet-host-not-map'; type: string; origin: Origin }
  /** The chart's own version guard refuses the image tag; `olderChart`: the newest older chart version that accepts it. */
  | { reason: 'image-too-old'; image: 'agent' | 'cluster-agent'; tag: string; chartVersion: string; floor: string; skipPath: string; olderChart?: string; origin: Origin }
  /** A `fail` guard of the chart holds (src/chart/fail-guards.ts); `why`: dd-lint's words for it. */
  | { reason: 'chart-fail'; guard: string; why: string; chartVersion: string; origin: Origin; assumes?: string }
  /** The merged values break the chart's values.schema.json at `path`. */
  | { reason: 'schema-violation'; path: string; problem: string; chartVersion: string; origin: Origin };

/** A key written twice in one mapping: YAML readers keep the last one silently. */
export interface DuplicateKeyFact {
  path: string;
  origin: Origin;
  first: Origin;
}

/** A switch given as a string that reads "off" ("false", "no", "0"): Go templates treat it as ON. */
export interface QuotedFalse {
  path: string;
  value: string;
  origin: Origin;
}

/** A values source a wrapper names that was not read (a file out of the tree, another repository, an object not among the inputs). */
export interface UnreadSource {
  /** What the wrapper names: a path, `ConfigMap ns/name`. */
  source: string;
  /** Why it was not read, in a few words. */
  reason: string;
  origin: Origin;
  /** The values path it sets (a Flux valuesFrom `targetPath`): the release's value there is unknown. */
  setsPath?: string;
}

/**
 * A platform the input says it runs on: a provider switch of the values, or what the chart renders
 * for it (DD_PROVIDER_KIND, the AKS admission selectors, an OpenShift SCC), or a cluster name.
 */
export type PlatformName = 'aks' | 'eks' | 'gke-autopilot' | 'gke-gdc' | 'openshift' | 'kind' | 'minikube';

export interface PlatformFact {
  name: PlatformName;
  /** What shows it, for messages: `providers.aks.enabled: true`. */
  evidence: string;
  origin: Origin;
  /** The release whose values say it (unset: a manifest, which meets every release). */
  release?: string;
}

export interface Model {
  workloads: Workload[];
  services: ServiceModel[];
  secrets: SecretModel[];
  configMaps: ConfigMapModel[];
  roles: RoleModel[];
  roleBindings: RoleBindingModel[];
  ignores: ObjectIgnore[];
  /** The raw inputs, for custom JSON-Schema policies: manifest objects and Helm releases. */
  objects: ManifestObject[];
  releases: ValuesRelease[];
  /** Values-only facts: they have no trace in rendered objects. */
  renderFailures: RenderFailure[];
  duplicateKeys: DuplicateKeyFact[];
  quotedFalse: QuotedFalse[];
  /** Values sources the release was linted without. */
  unreadSources: UnreadSource[];
  platforms: PlatformFact[];
}

export function emptyModel(): Model {
  return { workloads: [], services: [], secrets: [], configMaps: [], roles: [], roleBindings: [], ignores: [], objects: [], releases: [], renderFailures: [], duplicateKeys: [], quotedFalse: [], unreadSources: [], platforms: [] };
}
