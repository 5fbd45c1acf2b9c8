/** The cluster checks runner's liveness probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { CLUSTER_CHECKS_RUNNER, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-cluster-checks-runner-liveness-probe',
  banner: 'Cluster Checks Runner liveness probe misconfiguration',
  component: CLUSTER_CHECKS_RUNNER,
  kind: 'liveness',
  handler: 'clusterChecksRunner.livenessProbe.httpGet',
});
