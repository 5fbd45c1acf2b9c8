#!/usr/bin/env node
// npm run fuzz [-- CASES [SEED]]: the fuzz properties of test/helpers/fuzz.ts (the engine) and
// test/helpers/fuzz-webhook.ts (the webhook), in this process, over CASES generated inputs in all
// (default 100,000, split evenly between the properties). Engine: lintTexts resolves or rejects
// with a one-line InputError, whatever the input. Webhook (through Fastify's inject, no sockets):
// a well-formed AdmissionReview gets a well-formed verdict echoing its uid, a malformed one a 400.
// Prints the cases run per property, the failures (fast-check's shrunk counterexample and the
// seed to replay it) and the total; exits 1 on any failure. Needs a build (npm run build): it runs dist/.
import fc from 'fast-check';
import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { engineProperties } from '../dist/test/helpers/fuzz.js';
import { webhookFuzzInputs, webhookProperty } from '../dist/test/helpers/fuzz-webhook.js';
import { ddLintWebhook } from '../dist/webhook/plugin.js';
import { createLogger } from '../dist/webhook/server.js';

const total = Number(process.argv[2] ?? 100_000);
const seed = process.argv[3] === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(process.argv[3]);

// The webhook as it runs, minus TLS and sockets; logging at debug so every decision's line is built.
const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const webhook = Fastify({ loggerInstance: createLogger('debug', discard) });
await webhook.register(ddLintWebhook, { requireTls: false });
const inject = async (body) => {
  const r = await webhook.inject({ method: 'POST', url: '/validate', headers: { 'content-type': 'application/json' }, payload: body });
  return { status: r.statusCode, text: r.body };
};

const properties = [...engineProperties(), webhookProperty(await webhookFuzzInputs(), inject)];
const perProperty = Math.ceil(total / properties.length);

console.log(`dd-lint fuzz: ${properties.length} properties x ${perProperty.toLocaleString('en-US')} cases, seed ${seed}`);
let cases = 0;
const failures = [];
const started = performance.now();
for (const [index, { name, property }] of properties.entries()) {
  const t0 = performance.now();
  const details = await fc.check(property, { numRuns: perProperty, seed: seed + index, endOnFailure: true });
  cases += details.numRuns;
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (details.failed) {
    failures.push(name);
    console.log(`FAIL  ${name}: after ${details.numRuns} cases (${seconds} s), seed ${seed + index}, path ${details.counterexamplePath}`);
    console.log(`      counterexample: ${fc.stringify(details.counterexample).slice(0, 2000)}`);
    console.log(`      ${String(details.errorInstance instanceof Error ? details.errorInstance.stack : details.errorInstance).split('\n').slice(0, 8).join('\n      ')}`);
  } else {
    console.log(`ok    ${name}: ${details.numRuns.toLocaleString('en-US')} cases (${seconds} s)`);
  }
}
await webhook.close();
const minutes = ((performance.now() - started) / 60000).toFixed(1);
console.log(`\n${cases.toLocaleString('en-US')} cases, ${failures.length} failure(s), ${minutes} min (Node ${process.version})`);
if (failures.length > 0) process.exitCode = 1;
