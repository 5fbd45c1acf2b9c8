/**
 * The flags of dd-lint-webhook; each is also an environment variable (flag, then variable, then
 * default).
 */
import { DEFAULT_BUDGET_MS } from './plugin.js';
import { DEFAULT_CERT_DIR } from './self-signed.js';
import { parseArgs } from 'node:util';

export const FLAGS = {
  port: { env: 'DD_LINT_WEBHOOK_PORT', type: 'string', default: '8443', help: 'HTTPS port of POST /validate' },
  'metrics-port': { env: 'DD_LINT_WEBHOOK_METRICS_PORT', type: 'string', default: '8080', help: 'plain HTTP port of /healthz, /readyz, /metrics' },
  host: { env: 'DD_LINT_WEBHOOK_HOST', type: 'string', default: '127.0.0.1', help: 'address to listen on (0.0.0.0 in a pod)' },
  'tls-cert': { env: 'DD_LINT_WEBHOOK_TLS_CERT', type: 'string', help: 'certificate (PEM); reloaded when it changes' },
  'tls-key': { env: 'DD_LINT_WEBHOOK_TLS_KEY', type: 'string', help: 'private key (PEM); reloaded when it changes' },
  'cert-secret': { env: 'DD_LINT_WEBHOOK_CERT_SECRET', type: 'string', help: "manage the serving certificate in this Secret of the webhook's namespace: create, renew, publish as caBundle (instead of --tls-cert)" },
  'webhook-configuration': { env: 'DD_LINT_WEBHOOK_CONFIGURATION', type: 'string', help: 'with --cert-secret: the ValidatingWebhookConfiguration whose caBundle is kept' },
  'ca-validity-days': { env: 'DD_LINT_WEBHOOK_CA_VALIDITY_DAYS', type: 'string', default: '3650', help: 'with --cert-secret: validity of the CA it makes' },
  'cert-validity-days': { env: 'DD_LINT_WEBHOOK_CERT_VALIDITY_DAYS', type: 'string', default: '365', help: 'with --cert-secret: validity of the serving certificate' },
  'renew-before-days': { env: 'DD_LINT_WEBHOOK_RENEW_BEFORE_DAYS', type: 'string', default: '30', help: 'with --cert-secret: renew the certificate (and the CA) this long before it expires' },
  'dns-names': { env: 'DD_LINT_WEBHOOK_DNS_NAMES', type: 'string', help: 'with --cert-secret: the names the certificate is for, comma-separated (the Service names)' },
  'cert-dir': { env: 'DD_LINT_WEBHOOK_CERT_DIR', type: 'string', help: `where the self-signed certificate is kept without --tls-cert (${DEFAULT_CERT_DIR})` },
  config: { env: 'DD_LINT_WEBHOOK_CONFIG', type: 'string', help: "the dd-lint config file (the CLI's .dd-lint.yaml)" },
  mode: { env: 'DD_LINT_WEBHOOK_MODE', type: 'string', help: 'enforce (errors deny), warn (never deny) or audit (log only); default: the config, else enforce' },
  'on-error': { env: 'DD_LINT_WEBHOOK_ON_ERROR', type: 'string', help: 'when an object could not be checked (a policy failed, the budget ran out): allow (with a warning) or deny (500); default: the config, else allow' },
  kubeconfig: { env: 'DD_LINT_WEBHOOK_KUBECONFIG', type: 'string', help: 'kubeconfig for the cluster context (default: $KUBECONFIG, in-cluster, ~/.kube/config)' },
  'no-cluster': { env: 'DD_LINT_WEBHOOK_NO_CLUSTER', type: 'boolean', help: 'run without cluster context (cross-object rules see only the admitted object)' },
  audit: { env: 'DD_LINT_WEBHOOK_AUDIT', type: 'boolean', help: 'also judge what already runs, at start and on every change, and write wg-policy PolicyReports (needs the cluster context)' },
  'audit-debounce-ms': { env: 'DD_LINT_WEBHOOK_AUDIT_DEBOUNCE_MS', type: 'string', default: '10000', help: 'with --audit: changes this close together make one run' },
  'audit-min-write-ms': { env: 'DD_LINT_WEBHOOK_AUDIT_MIN_WRITE_MS', type: 'string', default: '30000', help: 'with --audit: at most one write of a report this often' },
  'audit-lease': { env: 'DD_LINT_WEBHOOK_AUDIT_LEASE', type: 'string', default: 'dd-lint-webhook-audit', help: "with --audit: the Lease (in the webhook's namespace) whose holder writes the reports" },
  namespace: { env: 'DD_LINT_WEBHOOK_NAMESPACE', type: 'string', help: "the webhook's own namespace, never evaluated (default: $POD_NAMESPACE, or the in-cluster one)" },
  'budget-ms': { env: 'DD_LINT_WEBHOOK_BUDGET_MS', type: 'string', default: String(DEFAULT_BUDGET_MS), help: 'evaluation budget per request; past it the object is allowed with a warning' },
  'shutdown-delay-ms': { env: 'DD_LINT_WEBHOOK_SHUTDOWN_DELAY_MS', type: 'string', default: '0', help: 'on SIGTERM, keep serving this long with /readyz failing' },
  'log-level': { env: 'DD_LINT_WEBHOOK_LOG_LEVEL', type: 'string', default: 'info', help: 'pino level: debug logs every allowed request too' },
  help: { env: '', type: 'boolean', help: 'this help' },
  version: { env: '', type: 'boolean', help: 'print the version' },
} as const;

export type FlagName = keyof typeof FLAGS;

export class UsageError extends Error {}

export function usage(): string {
  const lines = Object.entries(FLAGS).map(([name, f]) => `  --${name.padEnd(18)} ${f.help}${f.env ? ` [${f.env}]` : ''}${'default' in f ? ` (default ${f.default})` : ''}`);
  return `dd-lint-webhook [options]\n\n${lines.join('\n')}\n`;
}

/** Flags, then environment variables, then defaults. */
export function readOptions(argv: string[], env: NodeJS.ProcessEnv): Record<FlagName, string | boolean | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(FLAGS).map(([name, f]) => [name, { type: f.type }])) as Record<FlagName, { type: 'string' | 'boolean' }>,
    strict: true,
    allowPositionals: false,
  });
  const out = {} as Record<FlagName, string | boolean | undefined>;
  for (const [name, f] of Object.entries(FLAGS) as [FlagName, (typeof FLAGS)[FlagName]][]) {
    const fromEnv = f.env ? env[f.env] : undefined;
    let value: string | boolean | undefined = values[name];
    if (value === undefined && fromEnv !== undefined && fromEnv !== '') value = f.type === 'boolean' ? /^(1|true|yes)$/i.test(fromEnv) : fromEnv;
    if (value === undefined && 'default' in f) value = f.default;
    out[name] = value;
  }
  return out;
}
