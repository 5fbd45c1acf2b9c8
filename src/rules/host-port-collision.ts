import type { Rule } from './types.js';
import type { RuleHit } from '../model/finding.js';
import { workloadHostListeners, type HostListener } from './host-listeners.js';
import { related } from './agent-facts.js';

/** A DaemonSet runs on every node and a hostNetwork pod binds on its node: either can meet any other host-port pod. */
const sharesEveryNode = (l: HostListener) => l.workload?.ref.kind === 'DaemonSet' || l.workload?.hostNetwork.value === true;

export const hostPortCollision: Rule = (model) => {
  const listeners = workloadHostListeners(model);
  const hits: RuleHit[] = [];
  const seen = new Set<string>();
  for (const a of listeners) {
    for (const b of listeners) {
      if (a.ownerKey >= b.ownerKey || a.port !== b.port || a.protocol !== b.protocol) continue;
      if (!sharesEveryNode(a) && !sharesEveryNode(b)) continue;
      const key = `${a.ownerKey}|${b.ownerKey}|${a.port}/${a.protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({
        message: `${a.owner} and ${b.owner} both bind ${a.port}/${a.protocol} on the node: where they meet, the second cannot start (Pending for a declared hostPort, "bind: address already in use" for an undeclared one).`,
        origin: b.origin,
        object: b.ref,
        related: [related(a.origin, `${a.owner} binds ${a.port}/${a.protocol}`)],
      });
    }
  }
  return hits;
};
