/* Generated from schemas/config.schema.json by `npm run gen:types`. Do not edit. */

export type PolicySetting =
  | ('off' | 'error' | 'warning' | 'info')
  | {
      enabled?: boolean;
      severity?: Severity;
      /**
       * This policy takes no options.
       */
      options?: {};
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
   * Per-policy settings by policy id: `off`, a severity, or an object (enabled, severity, and the options the policy takes).
   */
  policies?: {
    'agent-service-other-namespace'?: PolicySetting;
    'apm-hostip-unreachable'?: PolicySetting;
    'chart-render-failure'?: PolicySetting;
    'cluster-agent-rbac-incomplete'?: PolicySetting;
    'cluster-agent-token-mismatch'?: PolicySetting;
    'cluster-agent-token-too-short'?: PolicySetting;
    'dogstatsd-hostip-unreachable'?: PolicySetting;
    'duplicate-key'?: PolicySetting;
    'host-port-collision'?: PolicySetting;
    'kubelet-tls-verify-disabled'?: PolicySetting;
    'kubelet-token-override'?: PolicySetting;
    'nodeport-host-port-conflict'?:
      | ('off' | 'error' | 'warning' | 'info')
      | {
          enabled?: boolean;
          severity?: Severity;
          options?: NodeportHostPortConflictOptions;
        };
    'nodeport-in-ephemeral-range'?: PolicySetting;
    'notice-apm-csi-injection-without-csi-driver'?: PolicySetting;
    'notice-app-key-missing'?: PolicySetting;
    'notice-cluster-agent-liveness-probe'?: PolicySetting;
    'notice-cluster-agent-readiness-probe'?: PolicySetting;
    'notice-cluster-agent-startup-probe'?: PolicySetting;
    'notice-cluster-checks-runner-liveness-probe'?: PolicySetting;
    'notice-cluster-checks-runner-readiness-probe'?: PolicySetting;
    'notice-cluster-checks-runner-startup-probe'?: PolicySetting;
    'notice-node-agent-liveness-probe'?: PolicySetting;
    'notice-node-agent-readiness-probe'?: PolicySetting;
    'notice-node-agent-startup-probe'?: PolicySetting;
    'notice-ssi-without-admission-controller'?: PolicySetting;
    'notice-ssi-without-cluster-agent'?: PolicySetting;
    'notice-trace-agent-liveness-probe'?: PolicySetting;
    'notice-workload-autoscaling-without-remote-config'?: PolicySetting;
    'otel-hostnetwork-port-conflict'?: PolicySetting;
    'pod-port-clash'?: PolicySetting;
    'quoted-false-enables'?: PolicySetting;
    'skip-ssl-validation-enabled'?: PolicySetting;
    'skip-ssl-validation-partial'?: PolicySetting;
    'unknown-values-key'?: PolicySetting;
    'unused-suppression'?: PolicySetting;
    'values-source-unread'?: PolicySetting;
    [k: string]:
      | PolicySetting
      | 'off'
      | 'error'
      | 'warning'
      | 'info'
      | {
          enabled?: boolean;
          severity?: Severity;
          options?: NodeportHostPortConflictOptions;
        }
      | undefined;
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
export interface NodeportHostPortConflictOptions {
  /**
   * More ports node daemons bind on your nodes (e.g. node-exporter 9100).
   */
  reservedPorts?: number[];
}
