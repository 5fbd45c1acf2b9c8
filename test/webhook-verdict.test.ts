/** Verdict rules and texts: modes, UPDATE identity, the API server's limits on warnings. */
import t from 'tap';
import type { Finding } from '../src/model/finding.js';
import { denialMessage, judge, oneLine, warnings, WARNING_MAX_RUNES, WARNINGS_MAX_TOTAL_RUNES } from '../webhook/verdict.js';
import { HANDLED_KINDS, HANDLED_OPERATIONS, WATCHED_RESOURCES } from '../webhook/kinds.js';
import { POD_SPEC_PATHS } from '../src/model/from-manifests/pod.js';
import { ADMITTED_KINDS } from '../src/adapters/registry.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'apm-hostip-unreachable',
  severity: 'error',
  title: 'Traces sent to the node IP where no agent listens',
  message: 'Deployment shop/web container web sends traces to status.hostIP:8126 (DD_AGENT_HOST), but DaemonSet datadog/datadog has no hostPort 8126/TCP.',
  location: { file: 'Deployment shop/web', line: 1, column: 1, valuesPath: 'spec.template.spec.containers[0].env[0]' },
  object: { kind: 'Deployment', namespace: 'shop', name: 'web' },
  container: 'web',
  related: [],
  why: 'Because.\n\nMore.',
  fix: 'Open the port.\n\nOr use the socket.',
  ...over,
});

t.test('modes', async (t) => {
  const f = [finding(), finding({ ruleId: 'otel-hostnetwork-port-conflict', severity: 'warning' }), finding({ ruleId: 'skip-ssl-validation-enabled', severity: 'info' })];
  const actions = (mode: 'enforce' | 'warn' | 'audit', policies = {}, o = {}) => judge(f, { mode, policies }, o).map((j) => j.action);
  t.same(actions('enforce'), ['deny', 'warn', 'warn'], 'enforce: errors deny, the rest warns');
  t.same(actions('warn'), ['warn', 'warn', 'warn']);
  t.same(actions('audit'), ['audit', 'audit', 'audit']);
  t.same(actions('enforce', { 'apm-hostip-unreachable': 'audit', 'skip-ssl-validation-enabled': 'audit' }), ['audit', 'warn', 'audit'], 'per-policy modes');
  t.same(actions('warn', { 'apm-hostip-unreachable': 'enforce' }), ['deny', 'warn', 'warn'], 'a policy can enforce in warn mode');
  t.same(actions('enforce', {}, { controlled: true }), ['warn', 'warn', 'warn'], 'controller-made objects never deny');
});

t.test('UPDATE: the same policy in the same container is not new, whatever moved', async (t) => {
  const old = [finding({ message: 'token is 30 characters', location: { file: 'x', line: 1, column: 1, valuesPath: 'spec.template.spec.containers[0].env[3]' } })];
  const [same] = judge([finding({ message: 'token is 31 characters' })], { mode: 'enforce', policies: {} }, { old });
  t.same([same!.action, same!.introduced], ['warn', false]);
  const [other] = judge([finding({ container: 'sidecar' })], { mode: 'enforce', policies: {} }, { old });
  t.same([other!.action, other!.introduced], ['deny', true], 'another container: new');
});

t.test('warnings stay within the API server limits', async (t) => {
  const many = Array.from({ length: 60 }, (_, i) => finding({ ruleId: `policy-${i}`, severity: 'warning', message: `line one\nline two\ttabbed ${'x'.repeat(400)}` }));
  const texts = warnings(judge(many, { mode: 'enforce', policies: {} }));
  const total = texts.reduce((n, w) => n + [...w].length, 0);
  t.ok(texts.every((w) => [...w].length <= WARNING_MAX_RUNES), `each at most ${WARNING_MAX_RUNES} characters`);
  t.ok(total <= WARNINGS_MAX_TOTAL_RUNES, `at most ${WARNINGS_MAX_TOTAL_RUNES} in total (${total})`);
  t.ok(texts.every((w) => !/[\u0000-\u001f\u007f]/.test(w)), 'no control characters (the Warning header refuses them)');
  t.match(texts.at(-1), /^dd-lint: \d+ more warnings not shown$/);
  t.equal(oneLine('a\r\nb\u0007c   d', 100), 'a b c d');
  t.equal([...oneLine('é'.repeat(300), 256)].length, 256, 'counted in characters, not bytes');
});

t.test('the denial message: first line alone, then where, why, fix, and the way out', async (t) => {
  const message = denialMessage('Deployment shop/web', judge([finding()], { mode: 'enforce', policies: {} }));
  const lines = message.split('\n');
  t.equal(lines[0], `Deployment shop/web: [apm-hostip-unreachable] ${finding().message}`);
  t.same(lines.slice(1), [
    '   at spec.template.spec.containers[0].env[0]',
    '   why: Because.',
    '   fix: Open the port. Or use the socket.',
    'To accept the risk, annotate the object with dd-lint.io/ignore: "apm-hostip-unreachable -- <reason>".',
  ]);
  const crowd = denialMessage('Deployment shop/web', judge(Array.from({ length: 8 }, (_, i) => finding({ ruleId: `p${i}` })), { mode: 'enforce', policies: {} }));
  t.match(crowd, /\nand 3 more: p5, p6, p7\n/);
});

t.test('one list of handled kinds: the kinds the model reads, CREATE and UPDATE', async (t) => {
  const wrappers = ADMITTED_KINDS.map((k) => k.kind);
  t.same(wrappers, ['Application', 'HelmRelease'], 'the wrappers an adapter reads');
  for (const k of HANDLED_KINDS) t.ok(POD_SPEC_PATHS[k.kind] || ['Service', 'Secret', ...wrappers].includes(k.kind), `${k.kind} is modelled, or read by an adapter`);
  t.same(HANDLED_OPERATIONS, ['CREATE', 'UPDATE']);
  t.same(WATCHED_RESOURCES.map((r) => r.resource), ['daemonsets', 'deployments', 'services', 'secrets']);
  t.ok(WATCHED_RESOURCES.find((r) => r.resource === 'secrets')!.byName, 'Secrets only by name');
});
