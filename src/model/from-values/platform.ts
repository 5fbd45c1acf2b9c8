/** The platforms Helm values say they run on: the chart's provider switches and what Datadog's setup guides have users write. */
import type { PlatformFact, PlatformName } from '../types.js';
import type { ValuesContext } from './context.js';
import { clusterNamePlatform } from '../platform-names.js';

/** Switches whose truthy value names the platform (Go truthiness, as the chart's `if` reads them). */
const SWITCHES: [string, PlatformName][] = [
  ['providers.aks.enabled', 'aks'],
  ['providers.gke.autopilot', 'gke-autopilot'],
  ['providers.gke.gdc', 'gke-gdc'],
  ['providers.eks.controlPlaneMonitoring', 'eks'],
  ['providers.eks.ec2.useHostnameFromFile', 'eks'],
  ['providers.openshift.controlPlaneMonitoring', 'openshift'],
  // SecurityContextConstraints exist only on OpenShift.
  ['agents.podSecurity.securityContextConstraints.create', 'openshift'],
  ['clusterAgent.podSecurity.securityContextConstraints.create', 'openshift'],
];

export function valuesPlatforms(ctx: ValuesContext): PlatformFact[] {
  const out: PlatformFact[] = [];
  for (const [path, name] of SWITCHES) {
    if (!ctx.truthy(path)) continue;
    const origin = ctx.origin(path);
    if (!origin.fromDefault) out.push({ name, evidence: `${path}: ${JSON.stringify(ctx.value(path))}`, origin });
  }
  // The OpenShift guide's SELinux type for the agent pods; the chart's own default leaves it out.
  const seLinuxType = 'datadog.securityContext.seLinuxOptions.type';
  if (ctx.value(seLinuxType) === 'spc_t' && !ctx.origin(seLinuxType).fromDefault) out.push({ name: 'openshift', evidence: `${seLinuxType}: spc_t`, origin: ctx.origin(seLinuxType) });
  const clusterName = ctx.value('datadog.clusterName');
  const local = typeof clusterName === 'string' ? clusterNamePlatform(clusterName) : undefined;
  if (local) out.push({ name: local, evidence: `datadog.clusterName: ${clusterName}`, origin: ctx.origin('datadog.clusterName') });
  return out;
}
