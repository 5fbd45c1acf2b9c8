/* Generated from schemas/config.schema.json by `npm run gen:types`. Do not edit. */

export type PolicySetting =
  | ('off' | 'error' | 'warning' | 'info')
  | {
      enabled?: boolean;
      severity?: Severity;
      options?: PolicyOptions;
    };
export type Severity = 'error' | 'warning' | 'info';
export type Mode = 'enforce' | 'warn' | 'audit';
/**
 * What the webhook answers when it could not check an object (a policy threw, the evaluation budget ran out): allow (with a warning; the default) or deny (status 500 InternalError).
 */
export type OnError = 'allow' | 'deny';

/**
 * dd-lint configuration (.dd-lint.yaml), read by the CLI and the admission webhook.
 */
export interface Config {
  /**
   * Bundled datadog chart defaults to model (like --chart-version).
   */
  chartVersion?: string;
  /**
   * A chart directory or .tgz to read defaults from (like --chart), relative to the config file.
   */
  chart?: string;
  release?: {
    /**
     * Helm release name (default datadog).
     */
    name?: string;
    /**
     * Release namespace (default datadog).
     */
    namespace?: string;
  };
  /**
   * Per-policy settings by policy id: `off`, a severity, or an object.
   */
  policies?: {
    [k: string]: PolicySetting;
  };
  /**
   * Directories of custom policy files (relative to the config file).
   */
  customPolicies?: string[];
  /**
   * Glob patterns (relative to the config file) of inputs not to lint.
   */
  ignore?: string[];
  webhook?: {
    mode?: Mode;
    /**
     * Per-policy admission mode by policy id.
     */
    policies?: {
      [k: string]: Mode;
    };
    /**
     * Namespaces never evaluated (kube-system and the webhook's own namespace are always excluded).
     */
    excludeNamespaces?: string[];
    onError?: OnError;
  };
}
export interface PolicyOptions {
  /**
   * nodeport-host-port-conflict: more ports node daemons bind on your nodes (e.g. node-exporter 9100).
   */
  reservedPorts?: number[];
}
