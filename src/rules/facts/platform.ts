/** The platforms an object runs on, as far as the input says (its release's values, or any manifest). */
import type { Model, ObjectRef, PlatformFact, PlatformName } from '../../model/types.js';

export const PLATFORM_LABELS: Record<PlatformName, string> = {
  aks: 'AKS',
  eks: 'EKS',
  'gke-autopilot': 'GKE Autopilot',
  'gke-gdc': 'Google Distributed Cloud',
  openshift: 'OpenShift',
  kind: 'kind',
  minikube: 'minikube',
};

/** Facts about the platform of `ref`, in the order the input gives them (a release's facts apply to its own objects only, as in `meet`). */
export function platformsOf(model: Model, ref: ObjectRef): PlatformFact[] {
  return model.platforms.filter((p) => p.release === undefined || ref.release === undefined || p.release === ref.release);
}

/** The first fact naming one of `names`, in the order of `names`. */
export function firstPlatform(facts: PlatformFact[], names: readonly PlatformName[]): PlatformFact | undefined {
  for (const name of names) {
    const fact = facts.find((f) => f.name === name);
    if (fact) return fact;
  }
  return undefined;
}
