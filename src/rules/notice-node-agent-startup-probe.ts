/** The node agent's startup probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { NODE_AGENT, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-node-agent-startup-probe',
  banner: 'Node Agent startup probe misconfiguration',
  component: NODE_AGENT,
  kind: 'startup',
  handler: 'agents.containers.agent.startupProbe.httpGet',
});
