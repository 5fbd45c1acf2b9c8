#!/usr/bin/env node
// The rule-exception fault of bench/load-faults.mjs: a webhook (startWebhook, as dd-lint-webhook
// --no-cluster runs it) with the built-in policies plus one whose check throws on objects labelled
// dd-lint.io/fault=throw, a bug in a rule on demand. Prints the same banner lines as the bin.
// Usage: node bench/throwing-webhook.mjs CERT KEY   (npm run build first)
import { createLogger, startWebhook } from '../dist/webhook/server.js';
import { withThrowingPolicy } from '../dist/test/helpers/throwing-policy.js';

const FAULT_LABEL = 'dd-lint.io/fault';

const [certFile, keyFile] = process.argv.slice(2);
const check = (model) => {
  if (model.objects.some((o) => o.value?.metadata?.labels?.[FAULT_LABEL] === 'throw')) throw new Error('injected fault: a policy that throws');
  return [];
};
const running = await startWebhook({
  host: '127.0.0.1',
  port: 0,
  metricsPort: 0,
  tls: { certFile, keyFile },
  policies: withThrowingPolicy(check),
  logger: createLogger('warn'),
});
process.stderr.write(`dd-lint-webhook: POST ${running.url}/validate\ndd-lint-webhook: probes and metrics on ${running.opsUrl} (/healthz /readyz /metrics)\n`);
process.on('SIGTERM', () => running.close().then(() => process.exit(0)));
