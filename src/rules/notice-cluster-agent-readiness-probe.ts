/** The cluster agent's readiness probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { CLUSTER_AGENT, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-cluster-agent-readiness-probe',
  banner: 'Cluster Agent readiness probe misconfiguration',
  component: CLUSTER_AGENT,
  kind: 'readiness',
  handler: 'clusterAgent.readinessProbe.httpGet',
});
