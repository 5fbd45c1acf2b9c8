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

/**
 * Notice conditions written for the newest chart that an older chart decided otherwise (listed in
 * docs/chart-notices.md): the live oracle expects dd-lint and helm to differ there, and nowhere else.
 */
export const OLDER_CHART_DRIFT: { policy: string; before: string; why: string }[] = [
  { policy: 'notice-agent5-unsupported', before: '2.7.0', why: 'charts before 2.7.0 read the image from agents.image.repository, not agents.image.name' },
  { policy: 'notice-gke-autopilot-one-release', before: '3.110.11', why: 'the HELM_FORCE_RENDER escape that silences the banner exists only from 3.110.11' },
  { policy: 'notice-gke-autopilot-system-probe-version', before: '3.162.0', why: 'older charts check a different list of system-probe features' },
];
