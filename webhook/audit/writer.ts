/**
 * Writes the audit's reports: idempotent (a report whose results did not change is not written
 * again; timestamps are not a change), rate-limited (one write per report per minWriteMs, the
 * latest content written when the interval is over), and the reports of namespaces where nothing
 * is judged any more deleted. Only the holder of the audit Lease writes.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { PolicyReport } from '../../src/report/policy-report.js';
import { POLICY_REPORT_API_VERSION } from '../../src/report/policy-report.js';
import { ApiError, apiRequest } from '../cluster/api.js';

export type WriteResult = 'created' | 'updated' | 'deleted' | 'unchanged' | 'error';

export interface WriterOptions {
  kubeConfig: KubeConfig;
  minWriteMs: number;
  /** True while this replica may write (the audit Lease). */
  mayWrite: () => Promise<boolean>;
  onWrite?: (result: WriteResult, report: string, error?: Error) => void;
  now?: () => number;
}

const BASE = `/apis/${POLICY_REPORT_API_VERSION}`;
const MANAGED = 'app.kubernetes.io/managed-by=dd-lint';

const pathOf = (kind: PolicyReport['kind'], namespace: string | undefined, name?: string) =>
  kind === 'ClusterPolicyReport' ? `${BASE}/clusterpolicyreports${name ? `/${name}` : ''}` : `${BASE}/namespaces/${namespace}/policyreports${name ? `/${name}` : ''}`;

const keyOf = (r: { kind: string; metadata: { namespace?: string; name: string } }) => `${r.kind}/${r.metadata.namespace ?? ''}/${r.metadata.name}`;

/** The content that counts: results without their timestamps, and the summary. */
function comparable(r: Pick<PolicyReport, 'results' | 'summary'> & { metadata?: { labels?: Record<string, string> } }): string {
  return JSON.stringify({ labels: r.metadata?.labels ?? {}, summary: r.summary, results: (r.results ?? []).map(({ timestamp: _t, ...rest }) => rest) });
}

type Stored = PolicyReport & { metadata: PolicyReport['metadata'] & { resourceVersion?: string } };

export class ReportWriter {
  /** What this writer last wrote or found, by report key. */
  private readonly written = new Map<string, string>();
  private readonly lastWrite = new Map<string, number>();
  private readonly pending = new Map<string, PolicyReport | null>();
  private timer: NodeJS.Timeout | undefined;
  private known: Set<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: WriterOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Make the cluster hold exactly these reports (of those this writer manages). */
  async sync(reports: readonly PolicyReport[]): Promise<void> {
    if (!(await this.o.mayWrite())) return;
    this.known ??= await this.existing();
    const wanted = new Map(reports.map((r) => [keyOf(r), r]));
    for (const [key, r] of wanted) this.pending.set(key, r);
    // A namespace report no longer produced (everything in it deleted): removed.
    for (const key of this.known) if (!wanted.has(key) && key.startsWith('PolicyReport/')) this.pending.set(key, null);
    await this.flush();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Write what is due; what is not yet due is written by a timer. */
  private async flush(): Promise<void> {
    let next = Infinity;
    for (const [key, report] of [...this.pending]) {
      const wait = (this.lastWrite.get(key) ?? -Infinity) + this.o.minWriteMs - this.now();
      if (wait > 0) {
        next = Math.min(next, wait);
        continue;
      }
      this.pending.delete(key);
      await this.apply(key, report);
    }
    clearTimeout(this.timer);
    if (next !== Infinity) {
      this.timer = setTimeout(() => void this.o.mayWrite().then((ok) => (ok ? this.flush() : undefined)), next);
      this.timer.unref();
    }
  }

  private async apply(key: string, report: PolicyReport | null): Promise<void> {
    const [kind, namespace, name] = key.split('/') as [PolicyReport['kind'], string, string];
    try {
      if (report === null) {
        await apiRequest(this.o.kubeConfig, { method: 'DELETE', path: pathOf(kind, namespace, name) }).catch((err) => {
          if (!(err instanceof ApiError && err.statusCode === 404)) throw err;
        });
        this.known?.delete(key);
        this.written.delete(key);
        this.lastWrite.set(key, this.now());
        return this.o.onWrite?.('deleted', key);
      }
      const want = comparable(report);
      if (this.written.get(key) === want) return this.o.onWrite?.('unchanged', key);
      const current = await apiRequest<Stored>(this.o.kubeConfig, { path: pathOf(kind, namespace, name) }).catch((err) => {
        if (err instanceof ApiError && err.statusCode === 404) return undefined;
        throw err;
      });
      if (current && comparable(current) === want) {
        this.written.set(key, want);
        this.known?.add(key);
        return this.o.onWrite?.('unchanged', key);
      }
      const body = { ...report, metadata: { ...report.metadata, ...(current?.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}) } };
      if (current) await apiRequest(this.o.kubeConfig, { method: 'PUT', path: pathOf(kind, namespace, name), body });
      else await apiRequest(this.o.kubeConfig, { method: 'POST', path: pathOf(kind, namespace), body });
      this.written.set(key, want);
      this.known?.add(key);
      this.lastWrite.set(key, this.now());
      this.o.onWrite?.(current ? 'updated' : 'created', key);
    } catch (err) {
      // Retried with the next run (a conflict, the API server away).
      this.written.delete(key);
      this.o.onWrite?.('error', key, err as Error);
    }
  }

  /** The namespace reports this tool wrote before (a restart must still delete the stale ones). */
  private async existing(): Promise<Set<string>> {
    const list = await apiRequest<{ items: Stored[] }>(this.o.kubeConfig, { path: `${BASE}/policyreports`, query: { labelSelector: MANAGED } }).catch((err) => {
      if (err instanceof ApiError && err.statusCode === 404) throw new Error('the PolicyReport CRDs (wgpolicyk8s.io/v1alpha2) are not installed: set audit.installCRDs=true, or install Kyverno or policy-reporter');
      throw err;
    });
    return new Set(list.items.map((r) => keyOf({ ...r, kind: 'PolicyReport' })));
  }
}
