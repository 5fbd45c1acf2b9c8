// The clients of bench/load-faults.mjs: a POST that always resolves (with its answer, or why it
// got none) and a slow-loris connection.
import https from 'node:https';
import tls from 'node:tls';

/** POST `body` to `url`: resolves { status, text }, or { error, lost } (lost: no answer within timeoutMs). */
export function post(url, body, { agent, ca, timeoutMs = 30_000 }) {
  return new Promise((resolve) => {
    const req = https.request(url, { method: 'POST', agent, ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => resolve({ error: err.code ?? err.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('no answer'), { code: 'LOST' })));
    req.on('error', (err) => resolve({ error: err.code ?? err.message, lost: err.code === 'LOST' }));
    req.end(body);
  });
}

/**
 * A TLS connection that sends a request's headers one byte every `everyMs` (so it is never idle)
 * and never finishes them. Resolves when the server closes it: { afterMs, status } (status from
 * the answer's first line, if any).
 */
export function slowLoris(url, ca, everyMs) {
  const { hostname, port } = new URL(url);
  const text = `POST /validate HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nX-Slow: ${'z'.repeat(10_000)}`;
  return new Promise((resolve) => {
    const start = performance.now();
    let answer = '';
    let timer;
    const socket = tls.connect({ host: hostname, port: Number(port), ca }, () => {
      let i = 0;
      timer = setInterval(() => socket.write(text[i++ % text.length]), everyMs);
    });
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: performance.now() - start, status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]) || undefined });
    });
  });
}

/**
 * A POST announcing `bytes` of body: the headers first, and the body only if no answer comes
 * within waitMs. A server that refuses on the announced length answers at once (413); writing
 * the body meanwhile would race its close (EPIPE) and lose the answer. Resolves { status } or { error }.
 */
export function oversized(url, ca, bytes, waitMs = 2000) {
  return new Promise((resolve) => {
    const req = https.request(url, { method: 'POST', agent: false, ca, headers: { 'content-type': 'application/json', 'content-length': bytes } }, (res) => {
      clearTimeout(timer);
      res.resume();
      resolve({ status: res.statusCode });
      req.destroy();
    });
    req.on('error', (err) => resolve({ error: err.code ?? err.message }));
    req.flushHeaders();
    const timer = setTimeout(() => req.end(Buffer.alloc(bytes, 0x20)), waitMs);
  });
}
