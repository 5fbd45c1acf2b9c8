/**
 * Generated AdmissionReviews for the webhook's fuzz property (issue 8), shared by
 * test/webhook-fuzz.test.ts (a sample over real HTTPS) and scripts/fuzz.mjs (in-process, with
 * Fastify's inject):
 * - random JSON, bare or shaped like an envelope;
 * - real reviews as the API server sends them (every object of the fixtures' renderings and apps,
 *   Helm release Secrets of their values) with the envelope mutated: a field removed or retyped;
 * - real reviews with the object mutated: values of any type, a field removed, a wrong kind, a
 *   huge string, an odd uid, operation, namespace or old object;
 * - release Secrets whose data.release is garbage (not base64, not gzip, a gzip bomb, JSON of
 *   the wrong shape, a chart "datadog" with random values).
 *
 * The property: a well-formed envelope (the contract in the README) gets 200 and an AdmissionReview
 * v1 response echoing its uid, with `allowed` a boolean, a `status` when denied, and warnings within
 * the API server's limits (webhook/verdict.ts); a malformed one gets a 400 saying why, a body over
 * the limit a 413. Nothing else.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import type { JsonObject } from '../../src/json.js';
import { bundledDefaults } from '../../src/chart/defaults.js';
import { handledKind } from '../../webhook/kinds.js';
import { DEFAULT_BODY_LIMIT } from '../../webhook/plugin.js';
import { WARNING_MAX_RUNES, WARNINGS_MAX_TOTAL_RUNES } from '../../webhook/verdict.js';
import { fixtures } from './fixtures.js';
import { KINDS, MANIFEST_KEYS, VALUES_KEYS, corrupted, nested, paths, realObjects, setPath, type NamedProperty } from './fuzz.js';
import { admissionReview, type Obj } from './webhook.js';
import { helmReleaseJson, helmReleaseSecret } from './webhook-release.js';

/** What the webhook answered: HTTP status and body text. */
export type Post = (body: string) => Promise<{ status: number; text: string }>;

/** Inputs read once: release Secrets of every fixture's values, and a gzip bomb. */
export interface WebhookFuzzInputs {
  releases: Obj[];
  /** data.release of a release whose JSON inflates past the 32 MiB cap. */
  bomb: string;
}

export async function webhookFuzzInputs(): Promise<WebhookFuzzInputs> {
  const defaults = await bundledDefaults('3.240.0');
  const releases = fixtures().map(
    (f, i) => helmReleaseSecret({ name: 'datadog', namespace: 'datadog', revision: i + 1, chartVersion: defaults.version, chartValues: defaults.values, config: (parse(readFileSync(f.values, 'utf8')) ?? {}) as JsonObject }) as Obj,
  );
  const bombJson = Buffer.concat([Buffer.from('{"name":"'), Buffer.alloc(40 * 1024 * 1024, 0x61), Buffer.from('"}')]);
  return { releases, bomb: encodeRelease(gzipSync(bombJson)) };
}

/** data.release as the API sends it: base64 of Helm's base64. */
const encodeRelease = (bytes: Buffer): string => Buffer.from(bytes.toString('base64')).toString('base64');

const jsonText = (value: unknown): string => JSON.stringify(value) ?? 'null';

/** uids as odd as JSON allows. */
const uid = fc.oneof(
  { weight: 4, arbitrary: fc.uuid() },
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(' ', '\u0000', '\n\r\t', 'é😀\u2028', '</script>', '"'.repeat(20)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'u'.repeat(n)),
);

/** Keys of an envelope a mutation removes or retypes. */
const ENVELOPE_PATHS = [
  ['apiVersion'], ['kind'], ['request'], ['request', 'uid'], ['request', 'operation'], ['request', 'kind'], ['request', 'kind', 'kind'],
  ['request', 'object'], ['request', 'oldObject'], ['request', 'namespace'], ['request', 'name'], ['request', 'userInfo'], ['request', 'dryRun'],
  ['request', 'resource'], ['request', 'subResource'], ['request', 'options'],
];

let handled: unknown[] | undefined;
/** The real objects of the kinds the webhook evaluates (most of a rendering is not). */
const handledObjects = () => (handled ??= realObjects().filter((o) => handledKind(String((o as { kind?: unknown }).kind))));

/** A real object, as is or mutated. */
function objectOf(inputs: WebhookFuzzInputs): fc.Arbitrary<unknown> {
  const pick = (from: () => unknown[]) => fc.nat().map((i) => structuredClone(from()[i % from().length]));
  const real = fc.oneof({ weight: 5, arbitrary: pick(handledObjects) }, { weight: 1, arbitrary: pick(realObjects) });
  const release = fc.nat().map((i) => structuredClone(inputs.releases[i % inputs.releases.length]));
  const removed = fc.tuple(real, fc.nat()).map(([o, at]) => {
    const all = paths(o);
    if (all.length === 0) return o;
    const path = all[at % all.length]!;
    const parent = path.slice(0, -1).reduce<any>((n, k) => n[k], o);
    if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
    else delete parent[path.at(-1)!];
    return o;
  });
  const huge = fc.tuple(real, fc.nat(), fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('a', 'é', '\u0000', '😀', ' ')).map(([o, at, n, c]) => {
    const all = paths(o);
    if (all.length > 0) setPath(o as Record<string, unknown>, all[at % all.length]!, c.repeat(n));
    return o;
  });
  const otherKind = fc.tuple(real, fc.constantFrom(...KINDS)).map(([o, kind]) => ({ ...(o as object), kind }));
  const wrongShape = fc.tuple(real, fc.constantFrom('metadata', 'spec', 'data', 'stringData', 'type'), nested(MANIFEST_KEYS, 2)).map(([o, key, v]) => ({ ...(o as object), [key]: v }));
  return fc.oneof(
    { weight: 4, arbitrary: real },
    { weight: 4, arbitrary: corrupted(handledObjects) },
    { weight: 2, arbitrary: release },
    { weight: 2, arbitrary: removed },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: otherKind },
    { weight: 2, arbitrary: wrongShape },
    { weight: 3, arbitrary: garbageRelease(inputs) },
  );
}

/** Release Secrets of the datadog chart (or not) whose data.release is anything but what Helm writes. */
function garbageRelease(inputs: WebhookFuzzInputs): fc.Arbitrary<Obj> {
  const randomRelease = fc.record({ chart: fc.constantFrom('datadog', 'other', ''), config: nested(VALUES_KEYS, 4), chartValues: fc.oneof(fc.constant({}), nested(VALUES_KEYS, 3)) }).map((r) =>
    encodeRelease(gzipSync(JSON.stringify(helmReleaseJson({ name: 'datadog', namespace: 'datadog', chartName: r.chart, chartVersion: '3.240.0', chartValues: r.chartValues as JsonObject, config: r.config as JsonObject })))),
  );
  const data = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.base64String({ maxLength: 400 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => encodeRelease(Buffer.concat([Buffer.from([0x1f, 0x8b]), b]))),
    fc.jsonValue({ maxDepth: 3 }).map((v) => encodeRelease(Buffer.from(jsonText(v)))),
    fc.jsonValue({ maxDepth: 3 }).map((v) => encodeRelease(gzipSync(jsonText(v)))),
    randomRelease,
    fc.tuple(fc.nat(), fc.nat()).map(([i, cut]) => {
      const text = (inputs.releases[i % inputs.releases.length]!.data as { release: string }).release;
      return text.slice(0, cut % text.length);
    }),
    fc.constant(inputs.bomb),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.tuple(data, fc.boolean()).map(([release, inData]) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: { name: 'sh.helm.release.v1.datadog.v1', namespace: 'datadog', labels: { owner: 'helm' } },
    data: inData ? { release } : release,
  }));
}

/** null 7 times in 8, else a value of `arbitrary`. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** A review as the API server would send it, then its request's fields varied. */
function realReview(inputs: WebhookFuzzInputs): fc.Arbitrary<Record<string, any>> {
  const object = objectOf(inputs);
  return fc
    .record({
      object,
      old: fc.oneof(fc.constant(null), object),
      operation: fc.constantFrom('CREATE', 'CREATE', 'CREATE', 'UPDATE', 'UPDATE', 'UPDATE', 'DELETE', 'CONNECT'),
      uid,
      namespace: fc.constantFrom(undefined, undefined, undefined, undefined, 'default', 'datadog', 'kube-system', 'shop', '', 'é'),
      requestKind: rarely(fc.constantFrom(...KINDS, 'x')),
      subResource: rarely(fc.constantFrom('status', 'scale', '')),
      dryRun: fc.oneof(fc.boolean(), fc.constant('yes' as unknown)),
    })
    .map((r) => {
      // admissionReview reads the kind as a string; any other object goes in afterwards.
      const objectIsMap = isMap(r.object) && typeof r.object.kind === 'string';
      const review = admissionReview(objectIsMap ? (r.object as Obj) : { kind: 'Pod' }, {
        operation: r.operation as 'CREATE',
        oldObject: r.old as Obj | null,
        uid: r.uid,
        ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
      }) as Record<string, any>;
      const request = review.request;
      if (!objectIsMap) request.object = r.object;
      if (r.requestKind !== null) request.kind = { ...request.kind, kind: r.requestKind };
      if (r.subResource !== null) request.subResource = r.subResource;
      request.dryRun = r.dryRun;
      return review;
    });
}

/** A real review with one field of its envelope removed or replaced by any JSON value. */
function mutatedEnvelope(inputs: WebhookFuzzInputs): fc.Arbitrary<Record<string, any>> {
  return fc.tuple(realReview(inputs), fc.constantFrom(...ENVELOPE_PATHS), fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 3, nil: undefined })).map(([review, path, value]) => {
    const parent = path.slice(0, -1).reduce<any>((n, k) => (n !== null && typeof n === 'object' ? n[k] : undefined), review);
    if (parent !== null && typeof parent === 'object') {
      if (value === undefined) delete parent[path.at(-1)!];
      else parent[path.at(-1)!] = value;
    }
    return review;
  });
}

const randomJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({
    apiVersion: fc.oneof(fc.constant('admission.k8s.io/v1'), fc.jsonValue({ maxDepth: 1 })),
    kind: fc.oneof(fc.constant('AdmissionReview'), fc.jsonValue({ maxDepth: 1 })),
    request: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ uid, operation: fc.constantFrom('CREATE', 'UPDATE', 'PATCH'), kind: fc.jsonValue({ maxDepth: 2 }), object: fc.jsonValue({ maxDepth: 3 }) })),
  }),
);

/** Any review the property is checked on, as JSON text. */
export function reviewBodies(inputs: WebhookFuzzInputs): fc.Arbitrary<string> {
  return fc.oneof({ weight: 2, arbitrary: randomJson }, { weight: 6, arbitrary: realReview(inputs) }, { weight: 2, arbitrary: mutatedEnvelope(inputs) }).map(jsonText);
}

const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The README's contract for a well-formed envelope (and no prototype poisoning): anything else is a 400. */
export function wellFormed(review: unknown): boolean {
  if (!isMap(review) || review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview') return false;
  const r = review.request;
  if (!isMap(r) || typeof r.uid !== 'string' || r.uid === '' || !OPERATIONS.includes(r.operation as string)) return false;
  if (!isMap(r.kind) || typeof r.kind.kind !== 'string') return false;
  return [r.object, r.oldObject].every((o) => o === undefined || o === null || isMap(o)) && !poisoned(review);
}

/**
 * A `__proto__` key anywhere, or a `constructor` key holding a `prototype` one: prototype
 * poisoning, which the webhook's JSON parser refuses (a 400) whatever the envelope says.
 */
function poisoned(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(poisoned);
  if (!isMap(value)) return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  if (Object.hasOwn(value, 'constructor') && isMap(value.constructor) && Object.hasOwn(value.constructor, 'prototype')) return true;
  return Object.values(value).some(poisoned);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const runes = (s: string) => [...s].length;

/** Throws when the answer to `body` breaks the property. */
export function checkAnswer(body: string, answer: { status: number; text: string }): void {
  const review = JSON.parse(body) as Record<string, any>;
  const fail = (why: string) => {
    throw new Error(`${why}: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
  };
  let json: Record<string, any>;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return fail('the answer is not JSON');
  }
  if (Buffer.byteLength(body) > DEFAULT_BODY_LIMIT) {
    if (answer.status !== 413) fail('a body over the limit did not get a 413');
    return;
  }
  if (!wellFormed(review)) {
    if (answer.status !== 400 || typeof json.message !== 'string' || json.message === '') fail('a malformed envelope did not get a 400 with a message');
    return;
  }
  if (answer.status !== 200) fail('a well-formed review did not get a 200');
  if (json.apiVersion !== 'admission.k8s.io/v1' || json.kind !== 'AdmissionReview' || !isMap(json.response)) fail('not an AdmissionReview v1 response');
  const response = json.response;
  if (response.uid !== review.request.uid) fail('the uid is not echoed');
  if (typeof response.allowed !== 'boolean') fail('allowed is not a boolean');
  if (Object.keys(response).some((k) => !['uid', 'allowed', 'status', 'warnings'].includes(k))) fail('unexpected fields in the response');
  if (!response.allowed && response.status === undefined) fail('denied without a status');
  if (response.status !== undefined) {
    const s = response.status;
    const code = isMap(s) ? s.code : undefined;
    if (!isMap(s) || typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 599 || typeof s.message !== 'string' || s.message === '') fail('a malformed status');
  }
  if (response.warnings !== undefined) {
    const w = response.warnings;
    if (!Array.isArray(w) || w.length === 0 || w.some((x) => typeof x !== 'string' || x === '')) fail('malformed warnings');
    if (w.some((x: string) => runes(x) > WARNING_MAX_RUNES || CONTROL.test(x))) fail('a warning over 256 characters or with a control character');
    if (w.reduce((n: number, x: string) => n + runes(x), 0) > WARNINGS_MAX_TOTAL_RUNES) fail('warnings over 4096 characters in total');
  }
}

/** The webhook property over `post` (Fastify inject in the fuzz script, HTTPS in the tests). */
export function webhookProperty(inputs: WebhookFuzzInputs, post: Post): NamedProperty {
  return {
    name: 'AdmissionReviews to the webhook',
    property: fc.asyncProperty(reviewBodies(inputs), async (body) => checkAnswer(body, await post(body))),
  };
}
