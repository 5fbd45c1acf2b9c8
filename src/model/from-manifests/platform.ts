/** The platforms manifests show: what the chart renders for a provider switch, an OpenShift SCC, a cluster name. */
import type { Model, PlatformFact } from '../types.js';
import { clusterNamePlatform } from '../platform-names.js';

export function manifestPlatforms(model: Model): PlatformFact[] {
  const out: PlatformFact[] = [];
  for (const w of model.workloads) {
    for (const c of w.containers) {
      for (const env of c.env) {
        const evidence = `${env.name}=${env.value} in ${w.ref.kind} ${w.ref.namespace}/${w.ref.name}`;
        // The chart's provider-kind helper and its AKS switch on the cluster agent.
        if (env.name === 'DD_PROVIDER_KIND' && (env.value === 'gke-autopilot' || env.value === 'gke-gdc')) out.push({ name: env.value, evidence, origin: env.origin });
        if (env.name === 'DD_ADMISSION_CONTROLLER_ADD_AKS_SELECTORS' && env.value === 'true') out.push({ name: 'aks', evidence, origin: env.origin });
        const local = env.name === 'DD_CLUSTER_NAME' && env.value ? clusterNamePlatform(env.value) : undefined;
        if (local) out.push({ name: local, evidence, origin: env.origin });
      }
    }
  }
  for (const o of model.objects) {
    if (o.ref.kind === 'SecurityContextConstraints') out.push({ name: 'openshift', evidence: `SecurityContextConstraints ${o.ref.name}`, origin: o.origin });
  }
  return out;
}
