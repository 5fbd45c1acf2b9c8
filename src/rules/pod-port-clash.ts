import type { Rule } from './types.js';
import type { RuleHit } from '../model/finding.js';
import { mainContainers, objectName, related } from './agent-facts.js';

/** Two containers of one pod share its network namespace: the same port and protocol can be bound once. */
export const podPortClash: Rule = (model) =>
  model.workloads.flatMap((w) => {
    const hits: RuleHit[] = [];
    const containers = mainContainers(w);
    containers.forEach((a, i) => {
      for (const b of containers.slice(i + 1)) {
        for (const pb of b.ports) {
          const pa = a.ports.find((p) => p.containerPort === pb.containerPort && p.protocol === pb.protocol);
          if (!pa) continue;
          hits.push({
            message: `Containers ${a.name} and ${b.name} of ${objectName(w)} both bind ${pb.containerPort}/${pb.protocol} in the same pod: one of them fails with "bind: address already in use".`,
            origin: pb.origin,
            object: w.ref,
            container: b.name,
            related: [related(pa.origin, `${a.name} binds ${pb.containerPort}/${pb.protocol}`)],
          });
        }
      }
    });
    return hits;
  });
