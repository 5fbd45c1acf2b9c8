/**
 * The cluster audit (--audit): what already runs, judged by the same engine as an admission, at
 * start and after every change (debounced), written as wg-policy reports by the same module as
 * the CLI's `--format policyreport` (src/report/policy-report.ts), with a pass for every object and
 * policy without a finding and a skip where a policy lacked what it reads.
 */
import type { ActivePolicy } from '../../src/engine/active-policies.js';
import { lintModel } from '../../src/engine/lint.js';
import type { Finding } from '../../src/model/finding.js';
import type { ObjectRef } from '../../src/model/types.js';
import { policyReports, type EvaluatedObject, type PolicyReport, type PolicyResult } from '../../src/report/policy-report.js';
import { POLICY_MODULES } from '../../src/rules/registry.generated.js';
import type { InformerContext } from '../cluster/informers.js';
import { contextGaps } from '../context-gaps.js';
import { evaluate, refKey } from '../evaluate.js';

export interface AuditOptions {
  cluster: InformerContext;
  policies: ActivePolicy[];
  /** Where the reports go (the ReportWriter; a test may collect them). */
  write: (reports: PolicyReport[]) => Promise<void>;
  /** Changes within this long of each other make one run. */
  debounceMs: number;
  onRun?: (reports: PolicyReport[]) => void;
  onError?: (err: Error) => void;
  now?: () => Date;
}

const NO_SOURCES = new Map<string, string>();
const kindsOf = (id: string) => (POLICY_MODULES as Record<string, { scope: { kinds: readonly string[] } } | undefined>)[id]?.scope.kinds ?? [];

/** The reports for what the cluster context holds now. */
export function auditReports(cluster: InformerContext, policies: ActivePolicy[], now: Date): PolicyReport[] {
  const model = cluster.store.everything();
  const findings: Finding[] = lintModel(model, policies, { sources: NO_SOURCES }).findings;
  // A release's values are judged as the release (values findings: a quoted false, a chart that
  // fails to render), reported on its Helm Secret; its objects are judged as they run.
  for (const subject of cluster.store.releaseSubjects()) {
    for (const f of evaluate(subject, model, policies)) if (!f.object) findings.push({ ...f, object: subject.ref });
  }
  const refs = new Map<string, ObjectRef>();
  for (const x of [...model.workloads, ...model.services]) refs.set(refKey(x.ref), x.ref);
  for (const s of cluster.store.releaseSubjects()) refs.set(refKey(s.ref), s.ref);
  const evaluated: EvaluatedObject[] = [...refs.values()].map((ref) => {
    const ids = policies.map((p) => p.policy.id).filter((id) => kindsOf(id).includes(ref.kind));
    const gaps = contextGaps(ref.kind, policies, cluster);
    return { ref, policies: ids, ...(gaps.length ? { skipped: new Map(gaps.map((g) => [g.policy, g.missing])) } : {}) };
  });
  return policyReports(findings, { now, cwd: '/', policies: policies.map((p) => p.policy), evaluated });
}

/** Results of reports by policy and result (for metrics). */
export function countResults(reports: readonly PolicyReport[]): Map<string, { policy: string; result: PolicyResult; count: number }> {
  const out = new Map<string, { policy: string; result: PolicyResult; count: number }>();
  for (const r of reports) {
    for (const x of r.results) {
      const key = `${x.policy}\u0000${x.result}`;
      const entry = out.get(key) ?? { policy: x.policy, result: x.result, count: 0 };
      entry.count++;
      out.set(key, entry);
    }
  }
  return out;
}

export class ClusterAudit {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(private readonly o: AuditOptions) {}

  start(): void {
    this.o.cluster.onChange(() => this.schedule());
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Run once the cluster has been quiet for debounceMs (and the caches are synced). */
  schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.o.debounceMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    // Half a cache would report the other half's objects as gone: wait for all of them.
    if (!this.o.cluster.synced()) return this.schedule();
    this.running = true;
    try {
      const reports = auditReports(this.o.cluster, this.o.policies, (this.o.now ?? (() => new Date()))());
      this.o.onRun?.(reports);
      await this.o.write(reports);
    } catch (err) {
      this.o.onError?.(err as Error);
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }
}
