/** The cluster agent's startup probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { CLUSTER_AGENT, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-cluster-agent-startup-probe',
  banner: 'Cluster Agent startup probe misconfiguration',
  component: CLUSTER_AGENT,
  kind: 'startup',
  handler: 'clusterAgent.startupProbe.httpGet',
});
