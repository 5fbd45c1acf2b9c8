/**
 * Switches the user wrote as a string that reads "off" ("false", "no", "0"): the chart tests them
 * with `if`, where every non-empty string is true, so the feature turns ON. A switch is a key whose
 * chart default is a boolean, or any key named `enabled`/`*Enabled`.
 */
import { get, locate, type ValuesRelease } from '../../load/values.js';
import { isObject, type JsonObject } from '../../json.js';
import { formatPath, type ValuesPath } from '../../load/path.js';
import type { QuotedFalse } from '../types.js';
import { FALSE_LOOKING } from './go-truthy.js';

/** The chart prints these into the manifest instead of testing them, so "false" does render false. */
const PRINTED_NOT_TESTED = new Set(['useHostNetwork']);

export function quotedFalse(release: ValuesRelease, defaults: JsonObject): QuotedFalse[] {
  const out: QuotedFalse[] = [];
  const walk = (node: unknown, path: ValuesPath) => {
    if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
      return;
    }
    const key = path[path.length - 1];
    if (typeof node !== 'string' || typeof key !== 'string' || !FALSE_LOOKING.test(node.trim()) || PRINTED_NOT_TESTED.has(key)) return;
    if (typeof get(defaults, path) === 'boolean' || /(^e|E)nabled$/.test(key)) {
      out.push({ path: formatPath(path), value: node, origin: locate(release, path) });
    }
  };
  walk(release.user, []);
  return out;
}
