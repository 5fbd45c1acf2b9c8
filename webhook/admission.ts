/**
 * The AdmissionReview envelope (admission.k8s.io/v1): what the API server sends and what it
 * accepts back. The object inside is not checked here; the envelope is, so a malformed one gets a
 * 400 and a well-formed one always gets a verdict.
 */
import type { JsonObject } from '../src/json.js';
import { isObject } from '../src/json.js';
import type { Operation } from './kinds.js';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource?: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo?: { username?: string };
  object: JsonObject | null;
  oldObject: JsonObject | null;
  dryRun: boolean;
}

export interface AdmissionStatus {
  code: number;
  message: string;
  reason?: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  warnings?: string[];
}

export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** The request of a well-formed AdmissionReview, or why it is not one (for a 400). */
export function parseReview(body: unknown): { request: AdmissionRequest } | { error: string } {
  if (!isObject(body)) return { error: 'the body is not an AdmissionReview object' };
  // What was sent instead is not echoed: it could be anything, a secret too.
  if (body.kind !== 'AdmissionReview') return { error: 'kind must be AdmissionReview' };
  if (body.apiVersion !== ADMISSION_API_VERSION) return { error: `apiVersion must be ${ADMISSION_API_VERSION}` };
  const r = body.request;
  if (!isObject(r)) return { error: 'request is missing' };
  if (typeof r.uid !== 'string' || r.uid === '') return { error: 'request.uid is missing' };
  if (typeof r.operation !== 'string' || !OPERATIONS.has(r.operation)) return { error: 'request.operation must be CREATE, UPDATE, DELETE or CONNECT' };
  const kind = r.kind;
  if (!isObject(kind) || typeof kind.kind !== 'string') return { error: 'request.kind.kind is missing' };
  const object = r.object ?? null;
  const oldObject = r.oldObject ?? null;
  if (object !== null && !isObject(object)) return { error: 'request.object must be an object' };
  if (oldObject !== null && !isObject(oldObject)) return { error: 'request.oldObject must be an object' };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const resource = isObject(r.resource) ? { group: str(r.resource.group) ?? '', version: str(r.resource.version) ?? '', resource: str(r.resource.resource) ?? '' } : undefined;
  const username = isObject(r.userInfo) ? str(r.userInfo.username) : undefined;
  return {
    request: {
      uid: r.uid,
      kind: { group: str(kind.group) ?? '', version: str(kind.version) ?? '', kind: kind.kind },
      ...(resource ? { resource } : {}),
      ...(str(r.subResource) ? { subResource: str(r.subResource)! } : {}),
      ...(str(r.name) ? { name: str(r.name)! } : {}),
      ...(str(r.namespace) ? { namespace: str(r.namespace)! } : {}),
      operation: r.operation as Operation,
      ...(username !== undefined ? { userInfo: { username } } : {}),
      object,
      oldObject,
      dryRun: r.dryRun === true,
    },
  };
}

export function reviewResponse(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}
