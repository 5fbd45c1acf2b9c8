/** The node agent's liveness probe asks a port the agent does not serve its health endpoint on (the chart's NOTES banner). */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { defaultWording, noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { locate } from '../load/values.js';

const PROBE = 'agents.containers.agent.livenessProbe.httpGet';
const HEALTH_PORT = 'agents.containers.agent.healthPort';

/** Set, and unlike the health port. Go's `ne` fails the install on a string against a number: that is not this banner. */
function differs(port: unknown, healthPort: unknown): boolean {
  if (port === null || port === undefined || port === 0 || port === '') return false;
  return typeof port === typeof healthPort && port !== healthPort;
}

export default definePolicy({
  id: 'notice-node-agent-liveness-probe',
  severity: 'error',
  category: 'reliability',
  scope: { reads: 'values', kinds: [] },
  messages: {
    differs: ({ port, healthPort, note }: { port: string; healthPort: string; note: string }) =>
      `The node agent's liveness probe checks port ${port} but the agent serves its health endpoint on ${healthPort}${note}: the kubelet restarts every agent pod over and over.`,
  },
  check: (model, { messages }): RuleHit[] =>
    releasesPrinting(model.releases, 'Node Agent liveness probe misconfiguration').flatMap((r) => {
      const httpGet = valueAt(r.values, PROBE);
      if (httpGet === null || typeof httpGet !== 'object' || Object.keys(httpGet).length === 0) return [];
      const port = valueAt(r.values, `${PROBE}.port`);
      const healthPort = valueAt(r.values, HEALTH_PORT);
      if (!differs(port, healthPort)) return [];
      const note = defaultWording(locate(r, HEALTH_PORT.split('.')));
      return [{ message: messages.differs({ port: String(port), healthPort: String(healthPort), note }), origin: noticeOrigin(r, [`${PROBE}.port`]) }];
    }),
});
