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
    'notice-ac-include-exclude-deprecated'?: PolicySetting;
    'notice-admission-csi-mode-without-csi'?: PolicySetting;
    'notice-agent5-unsupported'?: PolicySetting;
    'notice-api-key-missing'?: PolicySetting;
    'notice-apm-csi-injection-without-csi-driver'?: PolicySetting;
    'notice-apm-enabled-deprecated'?: PolicySetting;
    'notice-apm-local-service'?: PolicySetting;
    'notice-apm-socket-volume-deprecated'?: PolicySetting;
    'notice-app-key-missing'?: PolicySetting;
    'notice-autoconf-deprecated'?: PolicySetting;
    'notice-cluster-agent-ha'?: PolicySetting;
    'notice-cluster-agent-liveness-probe'?: PolicySetting;
    'notice-cluster-agent-readiness-probe'?: PolicySetting;
    'notice-cluster-agent-startup-probe'?: PolicySetting;
    'notice-cluster-checks-runner-liveness-probe'?: PolicySetting;
    'notice-cluster-checks-runner-readiness-probe'?: PolicySetting;
    'notice-cluster-checks-runner-startup-probe'?: PolicySetting;
    'notice-component-network-policy-deprecated'?: PolicySetting;
    'notice-container-include-without-exclude'?: PolicySetting;
    'notice-create-pdb-deprecated'?: PolicySetting;
    'notice-fim-enabled-deprecated'?: PolicySetting;
    'notice-fips-proxy-deprecated'?: PolicySetting;
    'notice-gke-autopilot-apm-socket'?: PolicySetting;
    'notice-gke-autopilot-cspm'?: PolicySetting;
    'notice-gke-autopilot-cws'?: PolicySetting;
    'notice-gke-autopilot-dogstatsd-socket'?: PolicySetting;
    'notice-gke-autopilot-gpu'?: PolicySetting;
    'notice-gke-autopilot-init-security-context'?: PolicySetting;
    'notice-gke-autopilot-lifecycle-exec'?: PolicySetting;
    'notice-gke-autopilot-one-release'?: PolicySetting;
    'notice-gke-autopilot-system-probe-version'?: PolicySetting;
    'notice-gke-cos-kernel-headers'?: PolicySetting;
    'notice-gke-gdc-network-monitoring'?: PolicySetting;
    'notice-gke-host-profiler'?: PolicySetting;
    'notice-gke-private-action-runner'?: PolicySetting;
    'notice-gke-sbom-unsupported'?: PolicySetting;
    'notice-ksm-cluster-checks-runner-disabled'?: PolicySetting;
    'notice-ksm-core-without-cluster-agent'?: PolicySetting;
    'notice-ksm-legacy-deprecated'?: PolicySetting;
    'notice-ksm-rbac-v1-unsupported'?: PolicySetting;
    'notice-node-agent-liveness-probe'?: PolicySetting;
    'notice-node-agent-readiness-probe'?: PolicySetting;
    'notice-node-agent-startup-probe'?: PolicySetting;
    'notice-openshift-etcd-certificates'?: PolicySetting;
    'notice-operator-migration-unsupported'?: PolicySetting;
    'notice-operator-migration-without-keep-crds'?: PolicySetting;
    'notice-orchestrator-without-cluster-agent'?: PolicySetting;
    'notice-otel-full-image-tag'?: PolicySetting;
    'notice-otel-full-tag-suffix'?: PolicySetting;
    'notice-otel-gateway-autoscaling-old-kube'?: PolicySetting;
    'notice-otlp-grpc-without-host-port'?: PolicySetting;
    'notice-otlp-http-without-host-port'?: PolicySetting;
    'notice-par-cluster-agent-credentials-ignored'?: PolicySetting;
    'notice-par-node-agent-credentials-ignored'?: PolicySetting;
    'notice-pod-security-context-deprecated'?: PolicySetting;
    'notice-process-agent-outside-core-deprecated'?: PolicySetting;
    'notice-psp-removed'?: PolicySetting;
    'notice-sbom-host-without-os-release'?: PolicySetting;
    'notice-socket-host-path-conflict'?: PolicySetting;
    'notice-ssi-disabled-namespaces-ignored'?: PolicySetting;
    'notice-ssi-enabled-namespaces-ignored'?: PolicySetting;
    'notice-ssi-namespaces-conflict'?: PolicySetting;
    'notice-ssi-without-admission-controller'?: PolicySetting;
    'notice-ssi-without-cluster-agent'?: PolicySetting;
    'notice-system-probe-compiler-options-removed'?: PolicySetting;
    'notice-system-probe-os-release-path-deprecated'?: PolicySetting;
    'notice-system-probe-without-os-release'?: PolicySetting;
    'notice-trace-agent-liveness-probe'?: PolicySetting;
    'notice-windows-dogstatsd-socket'?: PolicySetting;
    'notice-windows-private-action-runner'?: PolicySetting;
    'notice-workload-autoscaling-without-remote-config'?: PolicySetting;
    'notice-xccdf-deprecated'?: PolicySetting;
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
