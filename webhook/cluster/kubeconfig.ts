/**
 * Where the cluster context reads the cluster from: --kubeconfig, else $KUBECONFIG (its first
 * file), else the in-cluster service account, else ~/.kube/config. Found without loading
 * @kubernetes/client-node (a large module), so a run without a cluster starts fast.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface LocatedKubeConfig {
  /** A kubeconfig file; undefined: the in-cluster service account. */
  file?: string;
  /** Said at start and in /readyz. */
  source: string;
}

export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function locateKubeConfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): LocatedKubeConfig | undefined {
  const file = explicit ?? env.KUBECONFIG?.split(delimiter).find(Boolean);
  if (file) return { file, source: `kubeconfig ${file}` };
  if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) return { source: 'in-cluster service account' };
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return { file: home, source: `kubeconfig ${home}` };
  return undefined;
}
