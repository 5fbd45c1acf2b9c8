/** Where dd-lint's notices and the banners helm prints differ on purpose, shared by the fast notice test and the live oracle. */
/**
 * Banners the chart prints only when the cluster lacks an API that `helm install --dry-run=client`
 * always has (its default API versions), or behind a check that always stops an offline install
 * first (CWS on GKE Autopilot: the system probe's GKE version check, which cannot see the cluster):
 * helm never prints them offline. Their own examples test them, and here helm must keep not
 * printing them.
 */
export const OFFLINE_NEVER_PRINTED = new Set([
  'latest version of kube-state-metrics isn’t supported on your cluster',
  'Cloud Workload Security (CWS) is not supported on GKE Autopilot',
]);
/**
 * Banners dd-lint reports only when the user wrote a key that triggers them (a deliberate difference,
 * docs/chart-notices.md): the chart prints the HA recommendation on its own defaults, which would put
 * it on every run. Compared both ways on their own policy's failing and full examples (where the user
 * wrote a trigger); elsewhere dd-lint reporting one still needs helm to print it. The policy's first
 * passing example is the chart's defaults alone: helm prints the banner, dd-lint does not.
 */
export const USER_TRIGGER_ONLY = new Set(['Cluster-Agent should be deployed in high availability mode']);
