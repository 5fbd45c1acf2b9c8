/** The node agent talks to the kubelet without verifying its certificate. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { EnvVar, PlatformFact, Workload } from '../model/types.js';
import { agentBool, effectiveEnv, nodeAgents, objectName, related } from './facts/agent-facts.js';
import { firstPlatform, platformsOf, PLATFORM_LABELS } from './facts/platform.js';

/** Platforms whose Datadog setup guide turns kubelet verification off: there it is an info. */
const PRESCRIBED = ['aks', 'openshift', 'kind', 'minikube'] as const;

/** Where verification was turned off, as the user wrote it, and how to turn it back on there. */
function undo(env: EnvVar, containers: string[], agent: Workload): string {
  const path = env.origin.valuesPath;
  if (path === 'datadog.kubelet.tlsVerify') {
    return env.origin.source === 'set' ? 'drop `--set datadog.kubelet.tlsVerify=false`' : 'set `datadog.kubelet.tlsVerify: true` (or remove the key)';
  }
  if (path) return `remove the DD_KUBELET_TLS_VERIFY entry from \`${path.replace(/(\[\d+\]|\.DD_KUBELET_TLS_VERIFY)$/, '')}\``;
  return `remove DD_KUBELET_TLS_VERIFY from the env of container ${containers.join(', ')} of ${objectName(agent)}`;
}

type Place = { env: EnvVar; containers: string[] };

function fixFor(places: Place[], agent: Workload, platform: PlatformFact | undefined): string {
  const back = places.map((p) => undo(p.env, p.containers, agent)).join(' and ');
  const byValues = places[0]!.env.origin.valuesPath !== undefined;
  switch (platform?.name) {
    case 'aks':
      return byValues
        ? `On AKS the kubelet's serving certificate can be verified against the node's own copy: set \`datadog.kubelet.hostCAPath: /etc/kubernetes/certs/kubeletserver.crt\` and \`datadog.kubelet.host: {valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}\` (the certificate names the node, not its IP), then ${back}.`
        : `On AKS the kubelet's serving certificate can be verified against the node's own copy: mount the host file /etc/kubernetes/certs/kubeletserver.crt, point DD_KUBELET_CLIENT_CA at it and set DD_KUBERNETES_KUBELET_HOST from fieldPath spec.nodeName (the certificate names the node, not its IP), then ${back}.`;
    case 'openshift':
      return `Datadog's OpenShift guide turns verification off where the kubelet's certificate cannot be verified. Where your nodes' kubelet certificates are signed by a CA the agent can read, give it (${byValues ? '`datadog.kubelet.hostCAPath`' : 'DD_KUBELET_CLIENT_CA'}) and ${back}; otherwise keep it off and say why with \`# dd-lint-disable-next-line kubelet-tls-verify-disabled -- <reason>\`.`;
    case 'kind':
    case 'minikube':
      return `Fine on a local ${PLATFORM_LABELS[platform.name]} cluster, whose kubelet certificate is self-signed (Datadog's guide turns verification off there). Do not carry this setting to a real cluster: there, give the agent the kubelet's CA and ${back}.`;
    default:
      return `Give the agent the kubelet's CA (${byValues ? '`datadog.kubelet.hostCAPath`, a file on the node, or `datadog.kubelet.agentCAPath`' : 'DD_KUBELET_CLIENT_CA, a file mounted from the node'}) and ${back}. If the kubelet's certificate cannot be verified at all (some vcluster setups), keep it off deliberately and say why with \`# dd-lint-disable-next-line kubelet-tls-verify-disabled -- <reason>\`.`;
  }
}

/** One finding per agent workload, at the first place that turns verification off; the others are related. */
export default definePolicy({
  id: 'kubelet-tls-verify-disabled',
  severity: 'warning',
  category: 'security',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS },
  messages: {
    disabled: ({ value, containers, agent }: { value: string | undefined; containers: string[]; agent: string }) =>
      `DD_KUBELET_TLS_VERIFY is "${value}" for ${containers.join(', ')} of ${agent}: the agent sends its service-account token to port 10250 without checking the kubelet's certificate.`,
    prescribed: ({ value, containers, agent, platform, evidence }: { value: string | undefined; containers: string[]; agent: string; platform: string; evidence: string }) =>
      `DD_KUBELET_TLS_VERIFY is "${value}" for ${containers.join(', ')} of ${agent}, as Datadog's ${platform} setup guide has it (${evidence}): the agent does not check the kubelet's certificate.`,
  },
  check: (model, { messages }) =>
  nodeAgents(model).flatMap((agent) => {
    const places = new Map<string, Place>();
    for (const container of agent.containers) {
      const env = effectiveEnv(container, 'DD_KUBELET_TLS_VERIFY');
      if (!env || env.value === '' || agentBool(env.value) !== false) continue;
      const key = `${env.origin.file}:${env.origin.line}:${env.origin.column}`;
      const place = places.get(key) ?? places.set(key, { env, containers: [] }).get(key)!;
      place.containers.push(container.name);
    }
    const [first, ...others] = [...places.values()];
    if (!first) return [];
    const containers = [first, ...others].flatMap((p) => p.containers);
    const platform = firstPlatform(platformsOf(model, agent.ref), PRESCRIBED);
    const data = { value: first.env.value, containers, agent: objectName(agent) };
    return [
      {
        message: platform ? messages.prescribed({ ...data, platform: PLATFORM_LABELS[platform.name], evidence: platform.evidence }) : messages.disabled(data),
        origin: first.env.origin,
        object: agent.ref,
        container: first.containers[0]!,
        related: [
          ...others.map((p) => related(p.env.origin, `also off for ${p.containers.join(', ')}`)),
          ...(platform ? [related(platform.origin, `${PLATFORM_LABELS[platform.name]}: ${platform.evidence}`)] : []),
        ],
        ...(platform ? { severity: 'info' as const } : {}),
        fix: fixFor([first, ...others], agent, platform),
      },
    ];
  }),
});
