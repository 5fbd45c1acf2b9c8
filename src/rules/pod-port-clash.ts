/** Two containers of one pod binding the same port. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { mainContainers, objectName, related } from './facts/agent-facts.js';

/** Two containers of one pod share its network namespace: the same port and protocol can be bound once. */
export default definePolicy({
  id: 'pod-port-clash',
  severity: 'error',
  category: 'networking',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS },
  messages: {
    clash: ({ a, b, workload, port, protocol }: { a: string; b: string; workload: string; port: number; protocol: string }) =>
      `Containers ${a} and ${b} of ${workload} both bind ${port}/${protocol} in the same pod: one of them fails with "bind: address already in use".`,
  },
  check: (model, { messages }) =>
  model.workloads.flatMap((w) => {
    const hits: RuleHit[] = [];
    const containers = mainContainers(w);
    containers.forEach((a, i) => {
      for (const b of containers.slice(i + 1)) {
        for (const pb of b.ports) {
          const pa = a.ports.find((p) => p.containerPort === pb.containerPort && p.protocol === pb.protocol);
          if (!pa) continue;
          hits.push({
            message: messages.clash({ a: a.name, b: b.name, workload: objectName(w), port: pb.containerPort, protocol: pb.protocol }),
            origin: pb.origin,
            object: w.ref,
            container: b.name,
            related: [related(pa.origin, `${a.name} binds ${pb.containerPort}/${pb.protocol}`)],
          });
        }
      }
    });
    return hits;
  }),
});
