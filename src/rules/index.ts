/** Every built-in rule by policy id. A policy file in policies/ exists for each (a test checks). */
import type { Rule } from './types.js';
import { agentServiceOtherNamespace } from './agent-service-other-namespace.js';
import { apmHostipUnreachable, dogstatsdHostipUnreachable } from './hostip-unreachable.js';
import { chartRenderFailure } from './chart-render-failure.js';
import { clusterAgentRbacIncomplete } from './cluster-agent-rbac-incomplete.js';
import { clusterAgentTokenMismatch } from './cluster-agent-token-mismatch.js';
import { clusterAgentTokenTooShort } from './cluster-agent-token-too-short.js';
import { duplicateKey } from './duplicate-key.js';
import { kubeletTlsVerifyDisabled } from './kubelet-tls-verify-disabled.js';
import { kubeletTokenOverride } from './kubelet-token-override.js';
import { hostPortCollision } from './host-port-collision.js';
import { nodeportHostPortConflict } from './nodeport-host-port-conflict.js';
import { nodeportInEphemeralRange } from './nodeport-in-ephemeral-range.js';
import { podPortClash } from './pod-port-clash.js';
import { quotedFalseEnables } from './quoted-false-enables.js';
import { otelHostnetworkPortConflict } from './otel-hostnetwork-port-conflict.js';
import { skipSslValidationEnabled, skipSslValidationPartial } from './skip-ssl-validation.js';

export const RULES: Record<string, Rule> = {
  'agent-service-other-namespace': agentServiceOtherNamespace,
  'apm-hostip-unreachable': apmHostipUnreachable,
  'chart-render-failure': chartRenderFailure,
  'cluster-agent-rbac-incomplete': clusterAgentRbacIncomplete,
  'cluster-agent-token-mismatch': clusterAgentTokenMismatch,
  'cluster-agent-token-too-short': clusterAgentTokenTooShort,
  'dogstatsd-hostip-unreachable': dogstatsdHostipUnreachable,
  'duplicate-key': duplicateKey,
  'host-port-collision': hostPortCollision,
  'kubelet-tls-verify-disabled': kubeletTlsVerifyDisabled,
  'kubelet-token-override': kubeletTokenOverride,
  'nodeport-host-port-conflict': nodeportHostPortConflict,
  'nodeport-in-ephemeral-range': nodeportInEphemeralRange,
  'otel-hostnetwork-port-conflict': otelHostnetworkPortConflict,
  'pod-port-clash': podPortClash,
  'quoted-false-enables': quotedFalseEnables,
  'skip-ssl-validation-enabled': skipSslValidationEnabled,
  'skip-ssl-validation-partial': skipSslValidationPartial,
};
