#!/usr/bin/env node
// The admission webhook under load, next to a bare Fastify HTTPS handler that parses the
// AdmissionReview and allows: same payload, same TLS, both on loopback (127.0.0.1), each in its
// own process, the load generator (autocannon) in this one. For each payload and server:
//   - max: as many requests as C kept-alive connections get answered in S seconds (req/s, p50, p99);
//   - 1000/s: requests sent at an even 1000 per second for S seconds (open loop, over up to 64
//     kept-alive connections), latency measured from when each request was due, so a stall
//     anywhere counts against the server. (autocannon's own rate limit sends each connection's
//     quota in a burst at the start of every second: a burst test, not a steady 1000/s.)
// Max-load latencies come from autocannon's response events (0.01 ms resolution). The server's CPU
// time per request (from /proc, Linux) is printed too: on a shared machine it moves much less
// than req/s, which also depends on the load generator sharing the same cores.
// Targets (issue 6): webhook >= 50 % of the bare rps; p99 <= 5 ms at 1000 req/s.
// The servers take turns (bare, webhook, bare, webhook...) for R rounds and medians are printed, so
// a neighbour's load on a shared machine weighs on both alike; the rps ratio is the median of each
// round's webhook/bare ratio.
// Usage: node bench/webhook.mjs [seconds per run (5)] [connections (16)] [rounds (3)]   (npm run build first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === '--bare') {
  // The baseline server: Fastify over HTTPS, JSON body parsed, envelope checked, allowed.
  const { default: Fastify } = await import('fastify');
  const [, , , certFile, keyFile] = process.argv;
  const app = Fastify({ https: { cert: readFileSync(certFile), key: readFileSync(keyFile), minVersion: 'TLSv1.2' }, bodyLimit: 4 * 1024 * 1024 });
  app.post('/validate', async (req) => {
    const review = req.body;
    if (review?.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview' || typeof review.request?.uid !== 'string') throw Object.assign(new Error('not an AdmissionReview'), { statusCode: 400 });
    return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true } };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`POST https://127.0.0.1:${app.server.address().port}/validate\n`);
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const seconds = Number(process.argv[2] ?? 5);
  const connections = Number(process.argv[3] ?? 16);
  const rounds = Number(process.argv[4] ?? 3);
  const { default: autocannon } = await import('autocannon');
  const { ensureSelfSigned } = await import('../dist/webhook/self-signed.js');
  const { parseYamlDocuments } = await import('../dist/src/load/yaml-documents.js');
  const { parse } = await import('yaml');

  const tls = await ensureSelfSigned(mkdtempSync(join(tmpdir(), 'dd-lint-webhook-bench-')));
  const ca = readFileSync(tls.certFile, 'utf8');
  const fixtures = join(root, 'test', 'fixtures', 'helm-template');
  const app = parse(readFileSync(join(fixtures, 's001-apm-default', 'app.yaml'), 'utf8'));
  const agent = parseYamlDocuments('rendered.yaml', readFileSync(join(fixtures, 'default', 'rendered.yaml'), 'utf8'), { keepKind: (k) => k === 'DaemonSet' })
    .map((d) => d.value)
    .find((o) => o?.kind === 'DaemonSet');
  const review = (object, group, resource) => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '00000000-0000-0000-0000-000000000000',
      kind: { group, version: 'v1', kind: object.kind },
      resource: { group, version: 'v1', resource },
      name: object.metadata.name,
      namespace: object.metadata.namespace ?? 'default',
      operation: 'CREATE',
      userInfo: { username: 'kubernetes-admin' },
      object,
      oldObject: null,
      dryRun: false,
    },
  });
  const payloads = [
    { name: 'app Deployment', body: JSON.stringify(review(app, 'apps', 'deployments')) },
    { name: 'agent DaemonSet', body: JSON.stringify(review(agent, 'apps', 'daemonsets')) },
  ];

  const servers = [
    { name: 'bare Fastify', args: [fileURLToPath(import.meta.url), '--bare', tls.certFile, tls.keyFile] },
    {
      name: 'dd-lint-webhook',
      args: [join(root, 'dist', 'webhook', 'bin.js'), '--port', '0', '--metrics-port', '0', '--no-cluster', '--tls-cert', tls.certFile, '--tls-key', tls.keyFile, '--log-level', 'warn'],
    },
  ];

  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPUs, load average ${(await import('node:os')).loadavg()[0].toFixed(2)}, ${seconds} s per run, ${connections} connections for max, medians of ${rounds} rounds`);
  const rows = [];
  for (const payload of payloads) {
    const runs = new Map(servers.map((s) => [s.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const server of servers) {
        const child = spawn(process.execPath, server.args, { stdio: ['ignore', 'ignore', 'pipe'] });
        try {
          const url = await listening(child);
          const check = await post(url, payload.body, ca);
          if (check.response?.allowed !== true) throw new Error(`${server.name} did not allow the ${payload.name}: ${JSON.stringify(check)}`);
          await load(autocannon, url, payload.body, ca, { connections, duration: 1 }); // warm-up
          const cpu0 = cpuMs(child.pid);
          const max = await load(autocannon, url, payload.body, ca, { connections, duration: seconds });
          max.cpuUs = ((cpuMs(child.pid) - cpu0) * 1000) / (max.rps * seconds);
          const fixed = await paced(url, payload.body, ca, 1000, seconds);
          runs.get(server.name).push({ max, fixed });
        } finally {
          child.kill('SIGTERM');
        }
      }
    }
    for (const server of servers) {
      const r = runs.get(server.name);
      const med = (f) => median(r.map(f));
      rows.push({
        payload: `${payload.name} (${(payload.body.length / 1024).toFixed(1)} kB)`,
        name: payload.name,
        server: server.name,
        max: { rps: med((x) => x.max.rps), p50: med((x) => x.max.p50), p99: med((x) => x.max.p99), cpuUs: med((x) => x.max.cpuUs) },
        fixed: { p50: med((x) => x.fixed.p50), p99: med((x) => x.fixed.p99) },
        errors: r.reduce((n, x) => n + x.max.errors + x.fixed.errors, 0),
        rpsRuns: r.map((x) => Math.round(x.max.rps)),
      });
    }
  }
  console.log('\n| payload | server | max req/s | p50 | p99 | server CPU/req | at 1000 req/s: p50 | p99 | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.payload} | ${r.server} | ${Math.round(r.max.rps)} | ${r.max.p50.toFixed(2)} ms | ${r.max.p99.toFixed(2)} ms | ${Number.isFinite(r.max.cpuUs) ? `${Math.round(r.max.cpuUs)} µs` : 'n/a'} | ${r.fixed.p50.toFixed(2)} ms | ${r.fixed.p99.toFixed(2)} ms | ${r.errors} |`,
    );
  }
  for (const payload of payloads) {
    const [bare, hook] = rows.filter((r) => r.name === payload.name);
    // Each round's webhook run against the bare run just before it, then the median of those:
    // a neighbour's load that comes and goes weighs on both runs of a pair alike.
    const ratio = median(hook.rpsRuns.map((rps, i) => rps / bare.rpsRuns[i]));
    console.log(
      `${payload.name}: webhook ${Math.round(ratio * 100)} % of the bare rps (target >= 50 %: ${ratio >= 0.5 ? 'met' : 'NOT met'}; rounds: bare ${bare.rpsRuns.join('/')}, webhook ${hook.rpsRuns.join('/')}); p99 at 1000 req/s ${hook.fixed.p99.toFixed(2)} ms (target <= 5 ms: ${hook.fixed.p99 <= 5 ? 'met' : 'NOT met'})`,
    );
  }
}

function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length === 0 ? NaN : v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** user + system CPU time of a process in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function listening(child) {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 15_000);
    child.stderr.on('data', (c) => {
      err += c;
      const m = /POST (https:\/\/[\d.:]+\/validate)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${err}`)));
  });
}

async function post(url, body, ca) {
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Requests due every 1/rate s for `seconds`, after one uncounted second at the same rate (so the
 * kept-alive connections exist); latency from the due time to the end of the response.
 */
async function paced(url, body, ca, rate, seconds) {
  const https = await import('node:https');
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca });
  const run = (total) => {
    const latencies = [];
    let errors = 0;
    let done = 0;
    return new Promise((resolve) => {
      const finish = () => {
        if (++done < total) return;
        latencies.sort((a, b) => a - b);
        const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
        resolve({ rps: latencies.length / (total / rate), p50: at(0.5), p99: at(0.99), errors });
      };
      const send = (due) => {
        const req = https.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - due);
            else errors++;
            finish();
          });
        });
        req.on('error', () => {
          errors++;
          finish();
        });
        req.end(body);
      };
      const start = performance.now();
      let sent = 0;
      const tick = () => {
        const now = performance.now();
        while (sent < total && start + (sent * 1000) / rate <= now) send(start + (sent++ * 1000) / rate);
        if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
      };
      tick();
    });
  };
  await run(rate); // warm-up second
  const result = await run(rate * seconds);
  agent.destroy();
  return result;
}

/** One autocannon run; latencies from every response (ms, float). */
function load(autocannon, url, body, ca, { connections, duration, overallRate }) {
  const latencies = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        connections,
        duration,
        ...(overallRate ? { overallRate } : {}),
        tlsOptions: { ca },
      },
      (err, result) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
        resolve({ rps: latencies.length / duration, p50: at(0.5), p99: at(0.99), errors: errors + result.errors + result.timeouts });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
      else errors++;
    });
  });
}
