/**
 * An input adapter turns one kind of input into what the model is built from: located Kubernetes
 * documents, and Helm releases of the datadog chart (values layered in order, with the release's
 * identity). The CLI, the Helm plugin and the webhook read every input through the one registry in
 * ./registry.ts, so a new kind of input (an Argo CD Application, a helmfile) is one new adapter.
 */
import type { DuplicateKey } from '../load/helm-yaml-tree.js';
import type { ParsedDocument } from '../load/yaml-documents.js';
import type { ParsedValues } from '../load/helm-yaml.js';
import type { SetArg } from '../load/values.js';
import type { ChartDefaults } from '../chart/defaults.js';
import type { SourceText } from '../load/inputs.js';
import type { TreeFiles } from './tree-files.js';
import type { Origin } from '../model/location.js';

export interface ReleaseInput {
  /** Values files (or values read out of a wrapper), layered in order as `-f a -f b`. */
  values: ParsedValues[];
  /** `--set`/`--set-string` over them (or a wrapper's parameters). */
  sets: SetArg[];
  /** Release name and namespace when the input says them (else the run's). */
  name?: string;
  namespace?: string;
  /** The chart version the input deploys (else the run's). */
  chartVersion?: string;
  /** Defaults the input carries itself: a Helm release Secret holds its chart's values. */
  chartDefaults?: ChartDefaults;
  /** How to name the release where it is not a file of its own (`Helm release datadog/datadog revision 2 (chart datadog 3.240.0)`). */
  describe?: string;
  /**
   * The umbrella chart (its Chart.yaml, absolute) the release is the datadog dependency of, and
   * whether a wrapper deploys it (an Argo CD Application with `path:`): the chart's own release
   * then gives way to the deployed one (./named-values-files.ts).
   */
  umbrella?: { chart: string; deployed: boolean };
}

export interface InputParts {
  releases: ReleaseInput[];
  documents: ParsedDocument[];
  /** Why a file found by walking was not linted (another chart's values, a CI workflow...). */
  skipped?: string;
  /**
   * Values sources a wrapper names that were not read (missing, out of the tree, templated,
   * encrypted): where the wrapper names them, what they are, and why. Their releases are linted
   * with what was read.
   */
  unread?: { origin: Origin; source: string; reason: string }[];
  /** Releases that need other objects of the input set (a Flux HelmRelease's valuesFrom): completed once every input is read. */
  deferred?: DeferredRelease[];
  /** Keys written twice in a wrapper (an Application, a helmfile), values or not: the model keeps those its releases do not already report. */
  duplicates?: DuplicateKey[];
}

/** An object of the input set, by kind, namespace and name. */
export interface ObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/** A release waiting for the rest of the input set; `complete` is given a lookup into every document read. */
export interface DeferredRelease {
  complete(find: (key: ObjectKey) => ParsedDocument | undefined): InputParts;
}

/** A kind an adapter reads, as the webhook registers for it. */
export interface AdmittedKind {
  kind: string;
  group: string;
  version: string;
  /** Plural, lower case: the resource in webhook rules and RBAC. */
  resource: string;
}

export interface AdapterContext {
  /** `--set` for releases read from positional values files (there is no `-f` release to take them). */
  sets: SetArg[];
  /** Kinds worth parsing in manifests (the others are kept shallow); all when undefined. */
  keepKind?: (kind: string) => boolean;
  /**
   * False when no input can name another object of the input set (no Flux HelmRelease): the
   * ConfigMaps and Secrets such a wrapper reads are then read only as far as the model needs.
   */
  referencedObjects?: boolean;
  /** Files a wrapper names, read inside the tree the input came from; absent where there is no tree (the webhook). */
  files?: TreeFiles;
}

/** Recognises a whole text (a values file, later a helmfile or a Chart.yaml); undefined when it is not its kind. */
export interface TextAdapter {
  name: string;
  readText(source: SourceText, context: AdapterContext): InputParts | undefined;
}

/** Recognises one Kubernetes-style document (an object of the manifests, an admitted object); undefined when it is not its kind. */
export interface DocumentAdapter {
  name: string;
  /** The kinds this adapter reads that the webhook should admit (a wrapper such as an Argo CD Application). */
  admits?: readonly AdmittedKind[];
  readDocument(doc: ParsedDocument, context: AdapterContext): InputParts | undefined;
}

/** What a wrapper adapter collects as it reads (every list present). */
export type CollectedParts = Required<Omit<InputParts, 'skipped' | 'deferred' | 'duplicates'>> & Pick<InputParts, 'duplicates'>;

/** The context of one object read alone (an admitted object, one the cluster cache holds): no --set, no tree of files. */
export const OBJECT_CONTEXT: AdapterContext = { sets: [] };

export const noParts = (): InputParts => ({ releases: [], documents: [] });
