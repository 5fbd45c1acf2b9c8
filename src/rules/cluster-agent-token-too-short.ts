/** A cluster agent auth token shorter than the agents accept. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { RuleHit } from '../model/finding.js';
import type { Model, ObjectRef, SecretEntry } from '../model/types.js';
import type { Origin } from '../model/location.js';
import { effectiveEnv, meet, objectName } from './facts/agent-facts.js';

export const MIN_TOKEN_LENGTH = 32;

function secretEntry(model: Model, reader: ObjectRef, name: string, key: string): SecretEntry | undefined {
  const secret = model.secrets.find((s) => s.ref.name === name && s.ref.namespace === reader.namespace && meet(s.ref, reader));
  return secret?.entries.find((e) => e.key === key);
}

/** Every token a container reads: a literal env value or the Secret entry it references. Length only, never the value. */
export default definePolicy({
  id: 'cluster-agent-token-too-short',
  severity: 'error',
  category: 'reliability',
  scope: { reads: 'both', kinds: [...WORKLOAD_KINDS, 'Secret'], needsCluster: true },
  messages: {
    tooShort: ({ workload, length }: { workload: string; length: number }) =>
      `The cluster agent auth token read by ${workload} is ${length} characters long; agents require at least ${MIN_TOKEN_LENGTH} ("cluster agent authentication token length must be greater than 32, currently: ${length}"), so node agents cannot authenticate to the cluster agent.`,
  },
  check(model, { messages }) {
  const hits = new Map<string, RuleHit>();
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      const env = effectiveEnv(container, 'DD_CLUSTER_AGENT_AUTH_TOKEN');
      if (!env) continue;
      let length: number | undefined;
      let origin: Origin = env.origin;
      if (env.value !== undefined) length = env.value.length;
      else if (env.secretKeyRef) {
        const entry = secretEntry(model, workload.ref, env.secretKeyRef.name, env.secretKeyRef.key);
        if (entry) ({ length, origin } = entry);
      }
      if (length === undefined || length >= MIN_TOKEN_LENGTH) continue;
      const key = `${origin.file}:${origin.line}:${origin.column}`;
      const hit = hits.get(key);
      if (hit) continue;
      hits.set(key, {
        message: messages.tooShort({ workload: objectName(workload), length }),
        origin,
        object: workload.ref,
        container: container.name,
      });
    }
  }
  return [...hits.values()];
  },
});
