/** --audit: the cluster audit of a running webhook, its report writer, Lease and metrics. */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ActivePolicy } from '../../src/engine/active-policies.js';
import type { InformerContext } from '../cluster/informers.js';
import { LeaseLock } from '../certs/lease.js';
import type { Metrics } from '../metrics.js';
import { ClusterAudit, countResults } from './audit.js';
import { ReportWriter } from './writer.js';

export function startAudit(
  cluster: InformerContext,
  policies: ActivePolicy[],
  metrics: Metrics,
  logger: Logger,
  o: { namespace: string; lease: string; debounceMs: number; minWriteMs: number },
): { stop(): void } {
  const kubeConfig = cluster.options.kubeConfig;
  const lease = new LeaseLock({ kubeConfig, namespace: o.namespace, name: o.lease, identity: process.env.POD_NAME || hostname() });
  let leader = false;
  const writer = new ReportWriter({
    kubeConfig,
    minWriteMs: o.minWriteMs,
    mayWrite: async () => {
      try {
        leader = await lease.acquire();
      } catch (err) {
        logger.warn({ err: { message: (err as Error).message } }, 'audit: Lease not reachable; not writing reports');
        leader = false;
      }
      return leader;
    },
    onWrite: (result, report, error) => {
      metrics.auditWrites.inc({ result });
      if (error) logger.warn({ report, err: { message: error.message } }, 'audit: report not written; retried with the next run');
      else if (result !== 'unchanged') logger.info({ report, result }, 'audit: report written');
    },
  });
  let last = new Map<string, { policy: string; result: string; count: number }>();
  metrics.addGauge({
    name: 'dd_lint_webhook_audit_results',
    help: 'Results of the last cluster audit by policy and result (pass, fail, warn, skip).',
    read: () => [...last.values()].map((e) => ({ labels: { policy: e.policy, result: e.result }, value: e.count })),
  });
  metrics.addGauge({ name: 'dd_lint_webhook_audit_leader', help: 'Whether this replica holds the audit Lease (writes the reports).', read: () => [{ value: leader ? 1 : 0 }] });
  const audit = new ClusterAudit({
    cluster,
    policies,
    debounceMs: o.debounceMs,
    write: (reports) => writer.sync(reports),
    onRun: (reports) => (last = countResults(reports)),
    onError: (err) => logger.error({ err: { message: err.message } }, 'audit run failed; retried on the next change'),
  });
  audit.start();
  return {
    stop: () => {
      audit.stop();
      writer.stop();
    },
  };
}
