#!/usr/bin/env node
// The webhook under load and faults (issue 8). For MINUTES (default 5), AdmissionReviews are sent
// at a steady RATE (default 1000/s; open loop: each is sent when due, whatever came back before)
// to two dd-lint-webhook replicas (real processes, HTTPS on 127.0.0.1, --no-cluster), round-robin
// over kept-alive connections as a Service spreads the API server's calls. The mix
// (bench/load-faults-payloads.mjs): clean app Deployments, the fixtures' agent DaemonSets (some
// denied), other rendered objects, UPDATEs, Helm release Secrets, and malformed envelopes (400).
// Faults along the way:
//   - a body over the 4 MiB limit every 5 s, on a connection of its own (413 on its length);
//   - slow-loris connections, 5 every 30 s, sending headers a byte at a time (cut by the headers
//     timeout, 10 s);
//   - a policy that throws: reviews labelled dd-lint.io/fault=throw go to a third process,
//     bench/throwing-webhook.mjs (allowed with a warning, logged, counted in /metrics);
//   - at half time, SIGTERM to one replica: it stays in the rotation for an endpoint lag (1 s,
//     within its --shutdown-delay-ms 3000, as endpoints take a moment to drop a pod), must answer
//     everything it was sent and exit 0; a replacement is started and routed to once /readyz is 200.
// Each well-formed review's verdict must be dd-lint's own on the same object. Prints sent,
// answered, failed, lost (no answer within 30 s) and wrong verdicts, latency from when each was
// due (p50, p99, max: overall, steady, the first 10 s, around the restart), and each fault's
// outcome; exits 1 on any failure.
// Usage: node bench/load-faults.mjs [minutes (5)] [rate (1000)]   (npm run build first)
import https from 'node:https';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSelfSigned } from '../dist/webhook/self-signed.js';
import { DEFAULT_TIMEOUTS } from '../dist/webhook/timeouts.js';
import { DEFAULT_BODY_LIMIT } from '../dist/webhook/plugin.js';
import { startBin } from '../dist/test/helpers/webhook-bin.js';
import { MALFORMED, payloads } from './load-faults-payloads.mjs';
import { oversized, post, slowLoris } from './load-faults-clients.mjs';

const minutes = Number(process.argv[2] ?? 5);
const rate = Number(process.argv[3] ?? 1000);
const DURATION_MS = minutes * 60_000;
const SHUTDOWN_DELAY_MS = 3000;
const ENDPOINT_LAG_MS = 1000;
const MALFORMED_SHARE = 0.02;
const OVERSIZED_EVERY_MS = 5000;
const SLOW_LORIS_EVERY_MS = 30_000;
const SLOW_LORIS_PER_WAVE = 5;
/** A slow-loris connection must be cut within the headers timeout plus the check interval and this. */
const CUT_SLACK_MS = 2000;
/** Latencies are also reported without the first seconds and the restart (a process starting takes a core for a second). */
const WARM_UP_S = 10;
const AFTER_RESTART_S = 5;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const since = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

const certs = await ensureSelfSigned(mkdtempSync(join(tmpdir(), 'dd-lint-load-faults-')));
const ca = readFileSync(certs.certFile, 'utf8');
const BIN_ARGS = ['--no-cluster', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, '--log-level', 'warn', '--shutdown-delay-ms', String(SHUTDOWN_DELAY_MS)];

/** A target of requests: its URL, its own kept-alive connections, what is in flight there. */
const target = (name, url, opsUrl, proc) => ({ name, url: `${url}/validate`, opsUrl, proc, agent: new https.Agent({ keepAlive: true, maxSockets: 64, ca }), routable: true, inFlight: 0, sent: 0, answered: 0 });

async function startReplica(name) {
  const bin = await startBin(BIN_ARGS);
  for (;;) {
    const ready = await fetch(`${bin.opsUrl}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return target(name, bin.url, bin.opsUrl, bin);
    await sleep(50);
  }
}

async function startThrower() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('throwing-webhook.mjs', import.meta.url)), certs.certFile, certs.keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  while (!/probes and metrics on (\S+)/.test(err)) {
    if (child.exitCode !== null) throw new Error(`throwing-webhook did not start:\n${err}`);
    await sleep(20);
  }
  const t = target('rule-exception webhook', /POST (https:\/\/\S+)\/validate/.exec(err)[1], /probes and metrics on (\S+)/.exec(err)[1], { child });
  return Object.assign(t, { logs: () => out });
}

console.log(`dd-lint load with faults: ${minutes} min at ${rate} req/s; Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}`);
const groups = await payloads();
const weightSum = groups.reduce((n, g) => n + g.weight, 0);
for (const g of groups) console.log(`  ${g.group} (${((100 * g.weight * (1 - MALFORMED_SHARE)) / weightSum).toFixed(1)} %): ${g.items.length} payloads, ${g.items.filter((i) => i.expect === 'denied').length} denied, ${Math.round(g.items.reduce((n, i) => n + i.bytes, 0) / g.items.length / 1024)} kB on average`);
const replicas = [await startReplica('replica A'), await startReplica('replica B')];
const thrower = await startThrower();

const total = Math.round((rate * DURATION_MS) / 1000);
// Typed arrays: a few hundred thousand small arrays would make this process's own GC pauses part of the latencies.
const latency = { dueMs: new Float64Array(total), ms: new Float64Array(total), count: 0 };
const stats = { sent: 0, answered: 0, failed: 0, lost: 0, wrong: 0, why: new Map() };
const faults = {
  malformed: { sent: 0, answered400: 0 },
  oversized: { sent: 0, answered413: 0, other: new Map() },
  slowLoris: { opened: 0, cut: 0, cutWith408: 0, afterMs: [] },
  throws: { sent: 0, allowedUnchecked: 0 },
};
const roll = {};
const pending = new Set();
const note = (why) => stats.why.set(why, (stats.why.get(why) ?? 0) + 1);
const track = (promise) => {
  pending.add(promise);
  promise.finally(() => pending.delete(promise));
};

let rr = 0;
const route = () => {
  const live = replicas.filter((r) => r.routable);
  return live[rr++ % live.length];
};

/** Did the answer to `item` give the verdict dd-lint gives? */
function verdictOk(item, response) {
  const unchecked = (response.warnings ?? []).some((w) => /^dd-lint could not check /.test(w));
  if (item.expect === 'unchecked') return response.allowed === true && unchecked;
  if (unchecked) return false; // allowed without being judged
  return item.expect === 'denied' ? response.allowed === false && response.status?.code === 403 : response.allowed === true;
}

let seq = 0;
function sendReview(due, group, item) {
  const uid = `load-${seq++}`;
  const to = group.throws ? thrower : route();
  stats.sent++;
  if (group.throws) faults.throws.sent++;
  to.inFlight++;
  to.sent++;
  const done = post(to.url, item.head + uid + item.tail, { agent: to.agent, ca }).then((res) => {
    to.inFlight--;
    if (res.lost) return stats.lost++, note(`no answer within 30 s (${to.name})`);
    if (res.error) return stats.failed++, note(`${res.error} (${to.name})`);
    if (res.status !== 200) return stats.failed++, note(`HTTP ${res.status} (${to.name})`);
    const response = JSON.parse(res.text).response;
    if (response?.uid !== uid) return stats.lost++, note('an answer for another uid');
    stats.answered++;
    to.answered++;
    latency.dueMs[latency.count] = due - start;
    latency.ms[latency.count++] = performance.now() - due;
    if (!verdictOk(item, response)) return stats.wrong++, note(`wrong verdict for ${item.name}: expected ${item.expect}, got ${JSON.stringify(response).slice(0, 300)}`);
    if (group.throws) faults.throws.allowedUnchecked++;
  });
  track(done);
}

function sendMalformed(i) {
  const to = route();
  faults.malformed.sent++;
  track(post(to.url, MALFORMED[i % MALFORMED.length], { agent: to.agent, ca }).then((res) => (res.status === 400 ? faults.malformed.answered400++ : note(`malformed envelope: ${res.status ?? res.error}`))));
}

const OVERSIZED_BYTES = DEFAULT_BODY_LIMIT + 1024 * 1024;
function sendOversized() {
  faults.oversized.sent++;
  track(
    oversized(route().url, ca, OVERSIZED_BYTES).then((res) => {
      if (res.status === 413) faults.oversized.answered413++;
      else faults.oversized.other.set(res.status ?? res.error, (faults.oversized.other.get(res.status ?? res.error) ?? 0) + 1);
    }),
  );
}

function slowLorisWave() {
  for (let i = 0; i < SLOW_LORIS_PER_WAVE; i++) {
    faults.slowLoris.opened++;
    track(
      slowLoris(route().url, ca, 500).then((cut) => {
        faults.slowLoris.afterMs.push(cut.afterMs);
        if (cut.afterMs <= DEFAULT_TIMEOUTS.headersMs + DEFAULT_TIMEOUTS.checkIntervalMs + CUT_SLACK_MS) faults.slowLoris.cut++;
        if (cut.status === 408) faults.slowLoris.cutWith408++;
      }),
    );
  }
}

/** SIGTERM to one replica; it leaves the rotation after the endpoint lag; a replacement joins when ready. */
async function rollingRestart(start) {
  const victim = replicas[1];
  roll.at = since(start);
  roll.inFlightAtSigterm = victim.inFlight;
  roll.sentBefore = victim.sent;
  victim.proc.child.kill('SIGTERM');
  await sleep(ENDPOINT_LAG_MS);
  victim.routable = false;
  roll.removedAt = since(start);
  const exit = await victim.proc.exited;
  roll.exit = exit;
  roll.exitedAt = since(start);
  roll.victim = victim;
  replicas.push(await startReplica('replica C'));
  roll.replacementAt = since(start);
}

/** p50, p99 and max of the latencies of the requests whose due time (s from the start) passes `when`. */
function percentiles(when = () => true) {
  const v = latency.ms.subarray(0, latency.count).filter((_, i) => when(latency.dueMs[i] / 1000)).sort();
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))] ?? NaN;
  const ms = (x) => `${x.toFixed(1)} ms`;
  return `p50 ${ms(at(0.5))}, p99 ${ms(at(0.99))}, max ${ms(v.at(-1) ?? NaN)}`;
}

// The paced loop: every request due by now is sent; payloads picked by weight, deterministically.
const weights = groups.flatMap((g) => Array(g.weight).fill(g));
const next = new Map(groups.map((g) => [g, 0]));
const start = performance.now();
const timers = [setInterval(sendOversized, OVERSIZED_EVERY_MS), setInterval(slowLorisWave, SLOW_LORIS_EVERY_MS), setInterval(() => console.log(`  ${since(start)} s: sent ${stats.sent}, answered ${stats.answered}, failed ${stats.failed}, lost ${stats.lost}, wrong ${stats.wrong}`), 30_000)];
slowLorisWave();
let rolled;
const restart = setTimeout(() => (rolled = rollingRestart(start)), DURATION_MS / 2);
await new Promise((resolve) => {
  let n = 0;
  const tick = () => {
    const now = performance.now();
    for (; n < total && start + (n * 1000) / rate <= now; n++) {
      const due = start + (n * 1000) / rate;
      if ((n * 7919) % 1000 < MALFORMED_SHARE * 1000) sendMalformed(n);
      else {
        const group = weights[(n * 31) % weights.length];
        const i = next.get(group);
        next.set(group, i + 1);
        sendReview(due, group, group.items[i % group.items.length]);
      }
    }
    if (n < total) setTimeout(tick, Math.max(0, start + (n * 1000) / rate - performance.now()));
    else resolve();
  };
  tick();
});
const sendingMs = performance.now() - start;
timers.forEach(clearInterval);
clearTimeout(restart);
await rolled;
while (pending.size > 0) await Promise.allSettled([...pending]);

// The rule-exception process: its log lines and its error counter.
const errorLines = thrower.logs().split('\n').filter((l) => l.includes('"admission evaluation failed; allowed unchecked"'));
const counted = Number(/^dd_lint_webhook_errors_total\{reason="internal"\} (\d+)$/m.exec(await (await fetch(`${thrower.opsUrl}/metrics`)).text())?.[1] ?? 0);
const stopped = [...replicas, thrower].filter((r) => r.proc.child.exitCode === null);
for (const r of stopped) {
  r.agent.destroy();
  r.proc.child.kill('SIGTERM');
}
await Promise.all(stopped.map((r) => new Promise((resolve) => (r.proc.child.exitCode !== null ? resolve() : r.proc.child.once('exit', resolve)))));

const n = (v) => v.toLocaleString('en-US');
const restarting = (t) => t >= Number(roll.at) && t < Number(roll.replacementAt) + AFTER_RESTART_S;
const cuts = faults.slowLoris.afterMs;
const checks = [
  [`well-formed reviews: sent ${n(stats.sent)}, answered ${n(stats.answered)}, failed ${stats.failed}, lost ${stats.lost}, wrong verdicts ${stats.wrong}`, stats.failed === 0 && stats.lost === 0 && stats.wrong === 0 && stats.answered === stats.sent],
  [`  sent over ${(sendingMs / 1000).toFixed(1)} s (${Math.round(stats.sent / (sendingMs / 1000))} req/s); latency from when due: ${percentiles()}`, true],
  [`  steady (after the first ${WARM_UP_S} s, outside the restart): ${percentiles((t) => t >= WARM_UP_S && !restarting(t))}`, true],
  [`  the first ${WARM_UP_S} s (compiling, connection pools growing): ${percentiles((t) => t < WARM_UP_S)}`, true],
  [`  from the SIGTERM until ${AFTER_RESTART_S} s after the replacement joined: ${percentiles(restarting)}`, true],
  [`malformed envelopes: sent ${faults.malformed.sent}, answered 400: ${faults.malformed.answered400}`, faults.malformed.answered400 === faults.malformed.sent],
  [`bodies over the limit (${(OVERSIZED_BYTES / 1048576).toFixed(0)} MiB): sent ${faults.oversized.sent}, answered 413: ${faults.oversized.answered413}${faults.oversized.other.size ? `, other: ${JSON.stringify([...faults.oversized.other])}` : ''}`, faults.oversized.answered413 === faults.oversized.sent],
  [`slow-loris connections: opened ${faults.slowLoris.opened}, cut within ${(DEFAULT_TIMEOUTS.headersMs + DEFAULT_TIMEOUTS.checkIntervalMs + CUT_SLACK_MS) / 1000} s: ${faults.slowLoris.cut} (${faults.slowLoris.cutWith408} with a 408), after ${(Math.min(...cuts) / 1000).toFixed(1)}-${(Math.max(...cuts) / 1000).toFixed(1)} s`, faults.slowLoris.cut === faults.slowLoris.opened],
  [`rule exceptions: sent ${faults.throws.sent}, allowed with a warning ${faults.throws.allowedUnchecked}, logged ${errorLines.length} (without the object: ${errorLines.every((l) => !l.includes('"spec"'))}), counted ${counted}`, faults.throws.allowedUnchecked === faults.throws.sent && errorLines.length === faults.throws.sent && counted === faults.throws.sent && errorLines.every((l) => !l.includes('"spec"'))],
  [`SIGTERM to replica B at ${roll.at} s with ${roll.inFlightAtSigterm} requests in flight; ${n((roll.victim?.sent ?? 0) - roll.sentBefore)} more sent to it until it left the rotation at ${roll.removedAt} s; it exited ${roll.exit?.code} at ${roll.exitedAt} s having answered ${n(roll.victim?.answered ?? 0)} of the ${n(roll.victim?.sent ?? 0)} reviews it was sent; replica C routed to from ${roll.replacementAt} s`, roll.exit?.code === 0 && roll.victim.answered === roll.victim.sent],
];
console.log('');
for (const [line, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'}  ${line}`);
for (const [why, count] of stats.why) console.log(`      ${count} x ${why}`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
