/**
 * The webhook fuzz property (test/helpers/fuzz-webhook.ts) over real HTTPS, a small sample on
 * every run; `npm run fuzz` runs thousands of cases in-process. Arbitrary and mutated
 * AdmissionReviews get a well-formed verdict echoing their uid, or a 400 (a 413 past the limit);
 * never a 500, and the webhook keeps answering. Whatever kinds were sent, /metrics labels only
 * the handled ones (a label per kind sent would grow without bound).
 */
import t from 'tap';
import fc from 'fast-check';
import { HANDLED_KINDS } from '../../webhook/kinds.js';
import { httpGet, startTestWebhook } from '../helpers/webhook.js';
import { webhookFuzzInputs, webhookProperty } from '../helpers/fuzz-webhook.js';

const RUNS = Number(process.env.DD_LINT_FUZZ_RUNS ?? 200);

t.test('AdmissionReviews over HTTPS', async (t) => {
  const hook = await startTestWebhook({ logLevel: 'debug' });
  t.teardown(() => hook.close());
  const { property } = webhookProperty(await webhookFuzzInputs(), (body) => hook.post(body, { raw: true }));
  await fc.assert(property, { numRuns: RUNS });
  t.pass(`${RUNS} cases`);
  t.notOk(hook.logs.lines.some((l) => (l.level as number) >= 50 && l.reason === undefined), 'no error logged but evaluation errors');
  const kinds = new Set([...(await httpGet(`${hook.opsUrl}/metrics`)).text.matchAll(/^dd_lint_webhook_requests_total\{kind="([^"]*)"/gm)].map((m) => m[1]));
  t.same([...kinds].filter((k) => k !== '' && k !== 'other' && !HANDLED_KINDS.some((h) => h.kind === k)), [], `metrics label kinds: ${[...kinds].join(', ')}`);
});
