/* Generated from schemas/policy.schema.json by `npm run gen:types`. Do not edit. */

export type Severity = 'error' | 'warning' | 'info';

/**
 * One dd-lint policy file: what it catches, why it breaks, how to fix it, and examples that the test suite runs. A built-in policy's severity, category, scope and options live in its module (src/rules/<id>.ts); a custom policy gives severity and category here.
 */
export interface PolicyFile {
  /**
   * Stable id used in findings, suppressions and config.
   */
  id: string;
  title: string;
  severity?: Severity;
  category?: 'reliability' | 'security' | 'networking' | 'correctness';
  /**
   * One sentence: what the policy catches.
   */
  summary: string;
  /**
   * Why this configuration breaks, with the symptoms users see.
   */
  why: string;
  /**
   * How to fix it.
   */
  fix: string;
  /**
   * The incident write-up this policy comes from.
   */
  incident?: string;
  references?: string[];
  examples: {
    /**
     * @minItems 1
     */
    fail: [Example, ...Example[]];
    /**
     * @minItems 1
     */
    pass: [Example, ...Example[]];
  };
  /**
   * Custom policies: what `match` is evaluated against. `values`: a release's merged Helm values; `container`: each container ({name, image, init, env, ports, volumeMounts} plus `pod` and `object`); `pod`: each workload ({kind, name, namespace, role, hostNetwork, serviceAccountName, containers}); `object`: each Kubernetes object read from manifests, as written.
   */
  target?: 'values' | 'container' | 'pod' | 'object';
  /**
   * Custom policies: a JSON Schema (draft-07, evaluated with ajv); every target that validates against it is a finding.
   */
  match?: {
    [k: string]: unknown;
  };
  /**
   * Custom policies on `values`: the values path (datadog.apm.portEnabled) a finding points at (the nearest key the user wrote).
   */
  at?: string;
  /**
   * Custom policies: the finding's message; {name}, {kind}, {namespace}, {container} are replaced.
   */
  message?: string;
}
export interface Example {
  description: string;
  /**
   * A Helm values file for the datadog chart (YAML text).
   */
  values?: string;
  /**
   * --set arguments applied over the values.
   */
  set?: string[];
  /**
   * Kubernetes manifests (YAML text), linted together with the values.
   */
  manifests?: string;
  /**
   * For a failing example: the line the finding must point at (in the values, else the manifests).
   */
  line?: number;
  /**
   * For a failing example whose finding has another severity than the policy's (a rule may raise it when the input proves the problem).
   */
  severity?: 'error' | 'warning' | 'info';
}
