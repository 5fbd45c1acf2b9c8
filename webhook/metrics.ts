/**
 * The webhook's Prometheus metrics, in the text exposition format (version 0.0.4): counters by
 * label set, one latency histogram, and gauges read when scraped (the cache state).
 */

type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    // Keyed by the raw values (label names are fixed per call site); escaped only when rendered.
    const key = Object.values(labels).join('\u0000');
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }
  get(labels: Labels = {}): number {
    return this.values.get(Object.values(labels).join('\u0000'))?.value ?? 0;
  }
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, ...[...this.values.values()].map((e) => `${this.name}${labelText(e.labels)} ${e.value}`)];
  }
}

class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {
    this.counts = buckets.map(() => 0);
  }
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (seconds <= this.buckets[i]!) this.counts[i]!++;
  }
  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} histogram`,
      ...this.buckets.map((b, i) => `${this.name}_bucket{le="${b}"} ${this.counts[i]}`),
      `${this.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.count}`,
    ];
  }
}

export interface Gauge {
  name: string;
  help: string;
  /** Read at scrape time. */
  read(): { labels?: Labels; value: number }[];
}

export class Metrics {
  readonly requests = new Counter('dd_lint_webhook_requests_total', 'Admission requests by kind (other: a kind the webhook does not handle), operation and verdict (allowed, warned, denied, audited, error, skipped, malformed).');
  readonly latency = new Histogram('dd_lint_webhook_request_duration_seconds', 'Time to answer an admission request.', [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  readonly findings = new Counter('dd_lint_webhook_findings_total', 'Findings by policy, severity and action (deny, warn, audit).');
  readonly errors = new Counter('dd_lint_webhook_errors_total', 'Requests not checked because evaluation failed (reason: timeout, internal); allowed or refused as onError says.');
  readonly unjudged = new Counter('dd_lint_webhook_unjudged_total', 'Policies that could not judge an admitted object for lack of cluster context (reason: no-cluster, not-synced, forbidden); the answer carries a warning.');
  readonly auditWrites = new Counter('dd_lint_webhook_audit_report_writes_total', 'PolicyReport writes by the audit (result: created, updated, deleted, unchanged, error).');
  readonly tlsReloads = new Counter('dd_lint_webhook_tls_reloads_total', 'TLS certificate reloads, from disk or from the webhook Secret (result: ok, error).');
  private readonly gauges: Gauge[] = [];

  addGauge(gauge: Gauge): void {
    this.gauges.push(gauge);
  }

  render(): string {
    const lines = [...this.requests.render(), ...this.latency.render(), ...this.findings.render(), ...this.errors.render(), ...this.unjudged.render(), ...this.auditWrites.render(), ...this.tlsReloads.render()];
    for (const g of this.gauges) {
      lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
      for (const v of g.read()) lines.push(`${g.name}${labelText(v.labels ?? {})} ${v.value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
