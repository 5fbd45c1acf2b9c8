import type { Rule } from './types.js';
import type { RuleHit } from '../model/finding.js';
import { nodeAgents, objectName } from './agent-facts.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A mount at the service-account directory, one of its parents, or a file inside it. */
function overridesServiceAccount(mountPath: string): boolean {
  const path = mountPath.endsWith('/') ? mountPath.replace(/\/+$/, '') : mountPath;
  const within = (inner: string, outer: string) => inner.startsWith(outer) && inner[outer.length] === '/';
  return path === SERVICE_ACCOUNT_DIR || within(SERVICE_ACCOUNT_DIR, path) || within(path, SERVICE_ACCOUNT_DIR);
}

export const kubeletTokenOverride: Rule = (model) =>
  nodeAgents(model).flatMap((agent) => {
    const hits = new Map<string, RuleHit>();
    for (const container of agent.containers) {
      for (const mount of container.volumeMounts) {
        if (!overridesServiceAccount(mount.mountPath)) continue;
        const key = `${mount.origin.file}:${mount.origin.line}`;
        const names = [...(hits.get(key)?.container?.split(', ') ?? []), container.name];
        hits.set(key, {
          message: `Volume "${mount.name}" is mounted at ${mount.mountPath} in ${names.join(', ')} of ${objectName(agent)}: it replaces the service-account token the agent uses for the kubelet and for the API server alike.`,
          origin: mount.origin,
          object: agent.ref,
          container: names.join(', '),
        });
      }
    }
    return [...hits.values()];
  });
