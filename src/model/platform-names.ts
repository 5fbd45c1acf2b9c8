/** A cluster name that says the cluster is a local kind or minikube one (`kind-dev`, `minikube`). */
import type { PlatformName } from './types.js';

export function clusterNamePlatform(name: string): PlatformName | undefined {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  if (words.includes('kind')) return 'kind';
  if (words.includes('minikube')) return 'minikube';
  return undefined;
}
