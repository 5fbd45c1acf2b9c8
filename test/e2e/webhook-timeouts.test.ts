/**
 * Slow-loris clients over real TLS: headers or a body sent a byte at a time (never idle long
 * enough for an idle timeout), a connection that sends nothing, a TCP connection that never starts
 * TLS: each is cut by its timeout (short ones here), while requests on other connections keep
 * being answered. An idle kept-alive connection lives until the keep-alive timeout. Stopping is
 * not held up by them (Node stops enforcing its timeouts once the server closes).
 */
import t from 'tap';
import net from 'node:net';
import tls from 'node:tls';
import { admissionReview, startTestWebhook, type Obj, type TestWebhook } from '../helpers/webhook.js';

const TIMEOUTS = { handshakeMs: 600, headersMs: 600, requestMs: 1200, idleMs: 900, keepAliveMs: 2500, checkIntervalMs: 50 };
/** Timers fire late on a loaded machine; a cut must come within this much after its timeout. */
const SLACK_MS = 1500;

const pod: Obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const body = JSON.stringify(admissionReview(pod));

const hook = await startTestWebhook({ timeouts: TIMEOUTS });
t.teardown(() => hook.close());
const { port } = new URL(hook.url);

interface Cut {
  /** ms from the first byte sent (or the connection, when nothing is sent) to the server closing. */
  afterMs: number;
  /** What the server wrote before closing. */
  answer: string;
}

/** A TLS connection that writes `chunks` one every `everyMs` (from the first), until the server closes it. */
function slowClient(chunks: string[], everyMs: number, to: TestWebhook = hook): Promise<Cut> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: Number(new URL(to.url).port), ca: to.ca }, () => {
      const start = performance.now();
      let answer = '';
      let i = 0;
      const timer = setInterval(() => {
        if (i < chunks.length) socket.write(chunks[i++]!);
      }, everyMs);
      if (chunks.length > 0) socket.write(chunks[i++]!);
      socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ afterMs: performance.now() - start, answer });
      });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => err.code !== 'ECONNRESET' && reject(err));
  });
}

const bytes = (text: string) => [...text];
const headers = (length: number) => `POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

/** Requests on their own kept-alive connection every 25 ms until `done`; their statuses. */
async function steadyTraffic(done: Promise<unknown>): Promise<number[]> {
  const statuses: number[] = [];
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    statuses.push((await hook.post(JSON.parse(body))).status);
    await new Promise((r) => setTimeout(r, 25));
  }
  return statuses;
}

t.test('slow clients are cut by their timeouts while other connections are served', async (t) => {
  const slow = Promise.all([
    slowClient(bytes(`${headers(body.length)}`), 100), // headers a byte every 100 ms
    slowClient([headers(body.length), ...bytes(body)], 100), // headers at once, then the body a byte every 100 ms
    slowClient([], 100), // nothing at all after the handshake
  ]);
  const statuses = await steadyTraffic(slow);
  const [slowHeaders, slowBody, silent] = await slow;

  t.ok(slowHeaders.afterMs >= TIMEOUTS.headersMs && slowHeaders.afterMs < TIMEOUTS.headersMs + SLACK_MS, `headers a byte at a time: cut after ${Math.round(slowHeaders.afterMs)} ms (headers timeout ${TIMEOUTS.headersMs})`);
  t.match(slowHeaders.answer, /^HTTP\/1\.1 408 Request Timeout\r\n/, 'with a 408');
  t.ok(slowBody.afterMs >= TIMEOUTS.requestMs && slowBody.afterMs < TIMEOUTS.requestMs + SLACK_MS, `a body a byte at a time: cut after ${Math.round(slowBody.afterMs)} ms (request timeout ${TIMEOUTS.requestMs})`);
  t.match(slowBody.answer, /^HTTP\/1\.1 408 Request Timeout\r\n/, 'with a 408');
  // Node counts the headers timeout from the connection itself until a first request's headers end.
  t.ok(silent.afterMs >= TIMEOUTS.headersMs && silent.afterMs < TIMEOUTS.headersMs + SLACK_MS, `a connection that sends nothing: cut after ${Math.round(silent.afterMs)} ms (headers timeout ${TIMEOUTS.headersMs})`);
  t.match(silent.answer, /^HTTP\/1\.1 408 Request Timeout\r\n/, 'with a 408');

  t.ok(statuses.length >= 20, `${statuses.length} requests answered on another connection meanwhile`);
  t.ok(statuses.every((s) => s === 200), 'all with a verdict');
});

t.test('a TCP connection that never starts TLS is closed after the handshake timeout', async (t) => {
  const afterMs = await new Promise<number>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      const start = performance.now();
      socket.on('close', () => resolve(performance.now() - start));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => err.code !== 'ECONNRESET' && reject(err));
  });
  t.ok(afterMs >= TIMEOUTS.handshakeMs && afterMs < TIMEOUTS.handshakeMs + SLACK_MS, `closed after ${Math.round(afterMs)} ms (handshake timeout ${TIMEOUTS.handshakeMs})`);
});

t.test('an idle kept-alive connection stays until the keep-alive timeout', async (t) => {
  const cut = await slowClient([`${headers(Buffer.byteLength(body))}${body}`], 100);
  t.match(cut.answer, /^HTTP\/1\.1 200 OK\r\n/, 'answered');
  t.match(cut.answer, /"allowed":true/);
  t.ok(cut.afterMs >= TIMEOUTS.keepAliveMs && cut.afterMs < TIMEOUTS.keepAliveMs + SLACK_MS, `closed after ${Math.round(cut.afterMs)} ms (keep-alive timeout ${TIMEOUTS.keepAliveMs})`);
});

t.test('stopping: a connection still sending headers is closed at once; one still sending a body, after the request timeout', async (t) => {
  const stopping = await startTestWebhook({ timeouts: { headersMs: 2_000, requestMs: 2_000 } });
  const slowHeaders = slowClient(bytes(headers(body.length)), 100, stopping);
  const slowBody = slowClient([headers(body.length), ...bytes(body)], 100, stopping);
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  const closed = stopping.close().then(() => performance.now() - t0);
  const [headersCut, bodyCut, closeMs] = await Promise.all([slowHeaders, slowBody, closed]);
  t.ok(headersCut.afterMs < 1500, `headers a byte at a time: closed ${Math.round(headersCut.afterMs)} ms after it started, not after the 2 s headers timeout`);
  t.ok(bodyCut.afterMs < 2_000 + 300 + SLACK_MS, `a body a byte at a time: cut after ${Math.round(bodyCut.afterMs)} ms (request timeout 2000)`);
  t.ok(closeMs < 2_000 + SLACK_MS, `stopped in ${Math.round(closeMs)} ms`);
});
