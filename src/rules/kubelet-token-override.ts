/** A volume mounted over the agent's service-account token directory. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { nodeAgents, objectName } from './facts/agent-facts.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A mount at the service-account directory, one of its parents, or a file inside it. */
function overridesServiceAccount(mountPath: string): boolean {
  const path = mountPath.endsWith('/') ? mountPath.replace(/\/+$/, '') : mountPath;
  const within = (inner: string, outer: string) => inner.startsWith(outer) && inner[outer.length] === '/';
  return path === SERVICE_ACCOUNT_DIR || within(SERVICE_ACCOUNT_DIR, path) || within(path, SERVICE_ACCOUNT_DIR);
}

export default definePolicy({
  id: 'kubelet-token-override',
  severity: 'info',
  category: 'security',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS },
  messages: {
    override: ({ volume, mountPath, containers, agent }: { volume: string; mountPath: string; containers: string[]; agent: string }) =>
      `Volume "${volume}" is mounted at ${mountPath} in ${containers.join(', ')} of ${agent}: it replaces the service-account token the agent uses for the kubelet and for the API server alike.`,
  },
  check: (model, { messages }) =>
  nodeAgents(model).flatMap((agent) => {
    const hits = new Map<string, RuleHit>();
    for (const container of agent.containers) {
      for (const mount of container.volumeMounts) {
        if (!overridesServiceAccount(mount.mountPath)) continue;
        const key = `${mount.origin.file}:${mount.origin.line}`;
        const names = [...(hits.get(key)?.container?.split(', ') ?? []), container.name];
        hits.set(key, {
          message: messages.override({ volume: mount.name, mountPath: mount.mountPath, containers: names, agent: objectName(agent) }),
          origin: mount.origin,
          object: agent.ref,
          container: names.join(', '),
        });
      }
    }
    return [...hits.values()];
  }),
});
