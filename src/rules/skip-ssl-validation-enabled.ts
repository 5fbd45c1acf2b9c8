/** DD_SKIP_SSL_VALIDATION on for a node agent's sending containers. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import { objectName } from './facts/agent-facts.js';
import { sslStates } from './facts/ssl-states.js';

export default definePolicy({
  id: 'skip-ssl-validation-enabled',
  severity: 'info',
  category: 'security',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS },
  messages: {
    enabled: ({ containers, agent }: { containers: string[]; agent: string }) =>
      `DD_SKIP_SSL_VALIDATION is on for ${containers.join(', ')} of ${agent}: the agent does not verify the certificate of the endpoint it sends data and the API key to.`,
  },
  check: (model, { messages }) =>
    sslStates(model).flatMap(({ agent, on }) => {
      if (on.length === 0) return [];
      return [
        {
          message: messages.enabled({ containers: on.map((o) => o.container), agent: objectName(agent) }),
          origin: on[0]!.env.origin,
          object: agent.ref,
          container: on[0]!.container,
        },
      ];
    }),
});
