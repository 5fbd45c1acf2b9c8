/** The cluster checks runner's startup probe asks another port than its health port (the chart's NOTES banner; src/rules/facts/probe-notices.ts). */
import { CLUSTER_CHECKS_RUNNER, probeNotice } from './facts/probe-notices.js';

export default probeNotice({
  id: 'notice-cluster-checks-runner-startup-probe',
  banner: 'Cluster Checks Runner startup probe misconfiguration',
  component: CLUSTER_CHECKS_RUNNER,
  kind: 'startup',
  handler: 'clusterChecksRunner.startupProbe.httpGet',
});
