/** The node agent's liveness probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { NODE_AGENT, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-node-agent-liveness-probe',
  banner: 'Node Agent liveness probe misconfiguration',
  component: NODE_AGENT,
  kind: 'liveness',
  handler: 'agents.containers.agent.livenessProbe.httpGet',
});
