/**
 * An evaluation error as the webhook logs it: type, message and stack frames, with every secret
 * value of the admitted objects masked and the message capped. A policy's error message may quote
 * what it read (`bad token <value>`); the log line must carry neither a secret nor the object.
 * What is secret is decided by src/secrets/redact.ts (`isSecretKey`); this finds such values in
 * the JSON of an AdmissionReview.
 */
import { isObject } from '../src/json.js';
import { isSecretKey, redacted } from '../src/secrets/redact.js';
import { HELM_RELEASE_SECRET_TYPE } from './kinds.js';
import { decodeRelease } from '../src/load/helm-release.js';

/** Characters of an error message kept in a log line (the rest could only be the object). */
export const MAX_LOGGED_MESSAGE = 300;
/** Shorter values are not masked: replacing `on` or `80` everywhere would garble the message. */
const MIN_SECRET_LENGTH = 4;

export interface LoggedError {
  type: string;
  message: string;
  stack: string;
}

/**
 * Secret values in an object: strings under a secret-looking key, the `value` of an env entry
 * whose `name` looks secret, every entry of a Secret's `data` (as sent and decoded) and
 * `stringData`, and, for a Helm release Secret, those of the release's values.
 */
export function secretStrings(object: unknown, found = new Set<string>()): Set<string> {
  const add = (s: unknown) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH && found.add(s);
  const walk = (node: unknown, secret: boolean): void => {
    if (typeof node === 'string') {
      if (secret) add(node);
    } else if (Array.isArray(node)) node.forEach((item) => walk(item, secret));
    else if (isObject(node)) {
      if (typeof node.name === 'string' && isSecretKey(node.name)) add(node.value);
      for (const [key, value] of Object.entries(node)) walk(value, secret || isSecretKey(key));
    }
  };
  walk(object, false);
  if (isObject(object) && object.kind === 'Secret') {
    for (const value of Object.values(isObject(object.data) ? object.data : {})) {
      add(value);
      if (typeof value === 'string') add(Buffer.from(value, 'base64').toString('utf8'));
    }
    for (const value of Object.values(isObject(object.stringData) ? object.stringData : {})) add(value);
    const release = isObject(object.data) ? object.data.release : undefined;
    if (object.type === HELM_RELEASE_SECRET_TYPE && typeof release === 'string') {
      try {
        walk(decodeRelease(release).config, false);
      } catch {
        // Not a release that decodes: nothing of it reached a policy.
      }
    }
  }
  return found;
}

/** The error for a log line: secrets of `objects` masked in the message and stack, the message capped. */
export function loggedError(error: Error, objects: unknown[]): LoggedError {
  const secrets = new Set<string>();
  for (const o of objects) secretStrings(o, secrets);
  // Also as base64 (what a Secret's data would hold); longest first: a secret that contains another is masked whole.
  const ordered = [...secrets].flatMap((s) => [s, Buffer.from(s).toString('base64')]).sort((a, b) => b.length - a.length);
  const mask = (text: string) => ordered.reduce((t, s) => (t.includes(s) ? t.split(s).join(redacted(s)) : t), text);
  const masked = mask(error.message);
  const message = masked.length > MAX_LOGGED_MESSAGE ? `${masked.slice(0, MAX_LOGGED_MESSAGE)}… (${masked.length} characters)` : masked;
  // The stack's first lines repeat the message: only its frames are kept.
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { type: error.name, message, stack: [`${error.name}: ${message}`, ...frames.map(mask)].join('\n') };
}
