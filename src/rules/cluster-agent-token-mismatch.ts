/**
 * Node agents and the cluster agent must read the same DD_CLUSTER_AGENT_AUTH_TOKEN. Each side's
 * token is a literal env value or a Secret entry; two tokens differ for certain when both values are
 * known and unequal, or one is the chart's random token and the other anything else. Values are
 * compared, never printed.
 */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { Container, EnvVar, Model, Workload } from '../model/types.js';
import type { Origin } from '../model/location.js';
import { clusterAgents, effectiveEnv, meet, nodeAgents, objectName, related } from './facts/agent-facts.js';

interface Token {
  /** The value, when the input shows it. */
  value?: string;
  /** A stable identity when the value is not shown (a Secret outside the input, or the chart's random token). */
  identity: string;
  /** The chart's random token: unknown, but different from everything else. */
  random: boolean;
  length?: number;
  describe: string;
  origin: Origin;
  /** The env entry that reads it, when `origin` is the Secret entry it reads. */
  reader?: Origin;
}

function tokenOf(model: Model, workload: Workload, env: EnvVar): Token | undefined {
  if (env.value !== undefined) return { value: env.value, identity: `literal:${env.origin.file}:${env.origin.line}`, random: false, length: env.value.length, describe: `a literal value (${env.value.length} characters)`, origin: env.origin };
  if (!env.secretKeyRef) return undefined;
  const { name, key } = env.secretKeyRef;
  const ref = `${workload.ref.namespace}/${name}/${key}`;
  const entry = model.secrets.find((s) => s.ref.name === name && s.ref.namespace === workload.ref.namespace && meet(s.ref, workload.ref))?.entries.find((e) => e.key === key);
  const describe = `Secret ${name} key ${key}${entry ? ` (${entry.length} characters)` : ''}`;
  if (!entry) return { identity: `secret:${ref}`, random: false, describe, origin: env.origin };
  const inSecret = entry.value !== undefined;
  return { ...(inSecret ? { value: entry.value, reader: env.origin } : {}), identity: `secret:${ref}`, random: !inSecret, length: entry.length, describe, origin: inSecret ? entry.origin : env.origin };
}

function differ(a: Token, b: Token): boolean {
  if (a.value !== undefined && b.value !== undefined) return a.value !== b.value;
  if (a.identity === b.identity) return false;
  return a.random || b.random;
}

function tokens(model: Model, workloads: Workload[]): { workload: Workload; container: Container; token: Token }[] {
  return workloads.flatMap((workload) =>
    workload.containers.flatMap((container) => {
      const env = effectiveEnv(container, 'DD_CLUSTER_AGENT_AUTH_TOKEN');
      const token = env && tokenOf(model, workload, env);
      return token ? [{ workload, container, token }] : [];
    }),
  );
}

export default definePolicy({
  id: 'cluster-agent-token-mismatch',
  severity: 'error',
  category: 'reliability',
  scope: { reads: 'both', kinds: [...WORKLOAD_KINDS, 'Secret'], needsCluster: true },
  messages: {
    mismatch: (d: { clusterAgent: string; clusterAgentToken: string; agent: string; container: string; agentToken: string }) =>
      `${d.clusterAgent} reads its auth token from ${d.clusterAgentToken}, but ${d.agent} container ${d.container} reads a different one from ${d.agentToken}: node agents fail to authenticate to the cluster agent (401/403).`,
  },
  check(model, { messages }) {
  const nodeSide = tokens(model, nodeAgents(model));
  return tokens(model, clusterAgents(model)).flatMap((dca) => {
    const odd = nodeSide.filter((n) => meet(n.workload.ref, dca.workload.ref) && differ(n.token, dca.token));
    if (odd.length === 0) return [];
    const first = odd[0]!;
    return [
      {
        message: messages.mismatch({ clusterAgent: objectName(dca.workload), clusterAgentToken: dca.token.describe, agent: objectName(first.workload), container: first.container.name, agentToken: first.token.describe }),
        origin: dca.token.origin,
        object: dca.workload.ref,
        container: dca.container.name,
        related: [
          ...(dca.token.reader ? [related(dca.token.reader, `${objectName(dca.workload)} ${dca.container.name} reads it (secretKeyRef)`)] : []),
          ...odd.filter((o, i) => odd.findIndex((x) => x.token.identity === o.token.identity) === i).map((o) => related(o.token.origin, `${objectName(o.workload)} ${o.container.name} reads ${o.token.describe}`)),
        ],
      },
    ];
  });
  },
});
