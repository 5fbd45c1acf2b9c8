/** DD_SKIP_SSL_VALIDATION on in some of a node agent's sending containers and not in the others. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import { objectName, related } from './facts/agent-facts.js';
import { sslStates } from './facts/ssl-states.js';

export default definePolicy({
  id: 'skip-ssl-validation-partial',
  severity: 'error',
  category: 'reliability',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS },
  messages: {
    partial: ({ on, off, agent }: { on: string[]; off: string[]; agent: string }) =>
      `DD_SKIP_SSL_VALIDATION is on in ${on.join(', ')} but not in ${off.join(', ')} of ${agent}: ${off.join(', ')} ${off.length === 1 ? 'still verifies' : 'still verify'} TLS and ${off.length === 1 ? 'drops its' : 'drop their'} payloads where the others get through.`,
  },
  check: (model, { messages }) =>
    sslStates(model).flatMap(({ agent, on, off }) => {
      if (on.length === 0 || off.length === 0) return [];
      const first = on[0]!;
      return [
        {
          message: messages.partial({ on: on.map((o) => o.container), off, agent: objectName(agent) }),
          origin: first.env.origin,
          object: agent.ref,
          container: first.container,
          related: on.slice(1).map((o) => related(o.env.origin, `also set for ${o.container}`)),
        },
      ];
    }),
});
