/**
 * What a built-in policy is, in one module (the way an ESLint rule carries `meta` next to
 * `create`): its id, default severity, category, scope, the JSON Schema of its options, its
 * messages and its check. The text a user reads (title, why, fix, references, examples) stays in
 * policies/<id>.yaml; scripts/gen-policies.mjs joins the two and refuses a module without a YAML
 * or a YAML without a module.
 */
import type { Model } from '../model/types.js';
import type { RuleHit } from '../model/finding.js';
import type { PolicyFile, Severity } from '../generated/policy.js';

export type Category = NonNullable<PolicyFile['category']>;

/** Which inputs a policy reads: Helm values (a release's merged values), manifests (objects), or both. */
export type Reads = 'values' | 'manifests' | 'both';

export interface Scope {
  reads: Reads;
  /** The Kubernetes kinds whose objects the policy judges (the webhook admits these kinds). */
  kinds: readonly string[];
  /**
   * It judges an object against other objects (the agents an app sends to, the Secret a token is
   * read from): the webhook cannot judge it from the admitted object alone, and says so when it
   * has no cluster context to read them from.
   */
  needsCluster?: true;
}

/** The kinds that run pods: what the model reads containers, ports and env from. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

/** A JSON Schema (draft-07) of a policy's options; the config schema embeds it (npm run gen:schemas). */
export interface OptionsSchema<O> {
  schema: Record<string, unknown>;
  /** Only carries the options' TypeScript type (generated from the same schema into src/generated/config.ts). */
  readonly type?: O;
}

export function optionsSchema<O>(schema: Record<string, unknown>): OptionsSchema<O> {
  return { schema };
}

/** Messages by id: each turns what a check found into the one line a finding shows. */
export type Messages = Record<string, (data: never) => string>;

export interface CheckContext<O, M> {
  options: O;
  messages: M;
}

export interface PolicyModule<Id extends string = string, O = Record<string, never>, M extends Messages = Messages> {
  id: Id;
  severity: Severity;
  category: Category;
  scope: Scope;
  options?: OptionsSchema<O>;
  messages: M;
  check(model: Model, context: CheckContext<O, M>): RuleHit[];
}

/** Identity at run time; for the types: keeps the literal id (the registry checks it is the file's name) and infers options and messages. */
export function definePolicy<const Id extends string, M extends Messages, O = Record<string, never>>(module: PolicyModule<Id, O, M>): PolicyModule<Id, O, M> {
  return module;
}
