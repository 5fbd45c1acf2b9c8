/**
 * The chart's os-release helpers, over a release's merged values: whether the chart mounts the
 * host's default os-release paths (should-add-host-path-for-os-release-paths) and whether it runs
 * system-probe (should-enable-system-probe, with the feature list the values model uses).
 */
import type { ValuesRelease } from '../../load/values.js';
import { valuesContext } from '../../model/from-values/context.js';
import { systemProbeEnabled } from '../../model/from-values/agent-pod.js';

/** Linux, not GKE Autopilot or Talos, the default paths on and not disabled. */
export function mountsDefaultOsReleasePaths(release: ValuesRelease): boolean {
  const ctx = valuesContext(release, 'datadog', 'default');
  if (ctx.value('targetSystem') !== 'linux' || ctx.truthy('providers.gke.autopilot') || ctx.truthy('providers.talos.enabled')) return false;
  return ctx.truthy('datadog.systemProbe.enableDefaultOsReleasePaths') && !ctx.truthy('datadog.disableDefaultOsReleasePaths');
}

/** A system-probe feature is on (system-probe-feature); the key that turns it on, for messages. */
export function systemProbeFeature(release: ValuesRelease): string | undefined {
  const enabled = systemProbeEnabled(valuesContext(release, 'datadog', 'default'));
  return enabled.on ? enabled.key : undefined;
}

/** system-probe runs: a feature needs it, on Linux, not on GKE GDC. */
export function runsSystemProbe(release: ValuesRelease): string | undefined {
  const ctx = valuesContext(release, 'datadog', 'default');
  if (ctx.value('targetSystem') !== 'linux' || ctx.truthy('providers.gke.gdc')) return undefined;
  return systemProbeFeature(release);
}
