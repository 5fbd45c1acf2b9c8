/** Two pods binding the same host port where they can meet on a node. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { workloadHostListeners, type HostListener } from './facts/host-listeners.js';
import { meet, related } from './facts/agent-facts.js';

/** A DaemonSet runs on every node and a hostNetwork pod binds on its node: either can meet any other host-port pod. */
const sharesEveryNode = (l: HostListener) => l.workload?.ref.kind === 'DaemonSet' || l.workload?.hostNetwork.value === true;

export default definePolicy({
  id: 'host-port-collision',
  severity: 'error',
  category: 'networking',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS, needsCluster: true },
  messages: {
    collision: ({ a, b, port, protocol }: { a: string; b: string; port: number; protocol: string }) =>
      `${a} and ${b} both bind ${port}/${protocol} on the node: where they meet, the second cannot start (Pending for a declared hostPort, "bind: address already in use" for an undeclared one).`,
  },
  check(model, { messages }) {
  const listeners = workloadHostListeners(model);
  const hits: RuleHit[] = [];
  const seen = new Set<string>();
  for (const a of listeners) {
    for (const b of listeners) {
      if (a.ownerKey >= b.ownerKey || a.port !== b.port || a.protocol !== b.protocol) continue;
      if ((!sharesEveryNode(a) && !sharesEveryNode(b)) || !meet(a.ref, b.ref)) continue;
      const key = `${a.ownerKey}|${b.ownerKey}|${a.port}/${a.protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({
        message: messages.collision({ a: a.owner, b: b.owner, port: a.port, protocol: a.protocol }),
        origin: b.origin,
        object: b.ref,
        related: [related(a.origin, `${a.owner} binds ${a.port}/${a.protocol}`)],
        judgedAgainst: [a.ref, b.ref],
      });
    }
  }
  return hits;
  },
});
