/** The node agent's readiness probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { NODE_AGENT, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-node-agent-readiness-probe',
  banner: 'Node Agent readiness probe misconfiguration',
  component: NODE_AGENT,
  kind: 'readiness',
  handler: 'agents.containers.agent.readinessProbe.httpGet',
});
