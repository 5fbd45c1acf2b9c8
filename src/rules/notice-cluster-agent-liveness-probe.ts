/** The cluster agent's liveness probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { CLUSTER_AGENT, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-cluster-agent-liveness-probe',
  banner: 'Cluster Agent liveness probe misconfiguration',
  component: CLUSTER_AGENT,
  kind: 'liveness',
  handler: 'clusterAgent.livenessProbe.httpGet',
});
