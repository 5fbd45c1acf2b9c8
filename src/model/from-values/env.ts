/** Env lists and env dicts of Helm values, rendered as the chart's helpers render them. */
import { get, locate, type ValuesRelease } from '../../load/values.js';
import { isObject } from '../../json.js';
import type { ValuesPath } from '../../load/path.js';
import type { EnvVar } from '../types.js';
import { goString, goTruthy } from './go-truthy.js';

/**
 * `additional-env-entries` (_helpers.tpl): a truthy `value` is quoted; a falsy one (false, 0,
 * "") renders `valueFrom: null`, i.e. an empty variable; `valueFrom` is copied.
 * Entries without a name make the chart fail: see render-failures.ts.
 */
export function envList(release: ValuesRelease, path: ValuesPath): EnvVar[] {
  const list = get(release.values, path);
  if (!Array.isArray(list)) return [];
  const out: EnvVar[] = [];
  list.forEach((entry, index) => {
    if (!isObject(entry) || typeof entry.name !== 'string') return;
    const origin = locate(release, [...path, index]);
    const env: EnvVar = { name: entry.name, origin };
    if (goTruthy(entry.value)) env.value = goString(entry.value);
    else if (isObject(entry.valueFrom)) Object.assign(env, valueFrom(entry.valueFrom));
    else env.value = '';
    out.push(env);
  });
  return out;
}

/** `envDict`: name → value; map values are a valueFrom, anything else is quoted. */
export function envDict(release: ValuesRelease, path: ValuesPath): EnvVar[] {
  const dict = get(release.values, path);
  if (!isObject(dict)) return [];
  return Object.entries(dict).map(([name, value]) => {
    const origin = locate(release, [...path, name]);
    if (isObject(value)) return { name, origin, ...valueFrom(isObject(value.valueFrom) ? value.valueFrom : value) };
    return { name, origin, value: goString(value) };
  });
}

export function valueFrom(source: Record<string, unknown>): Pick<EnvVar, 'fieldRef' | 'secretKeyRef' | 'configMapKeyRef'> {
  const fieldRef = isObject(source.fieldRef) && typeof source.fieldRef.fieldPath === 'string' ? source.fieldRef.fieldPath : undefined;
  const keyRef = (ref: unknown) => (isObject(ref) && typeof ref.name === 'string' && typeof ref.key === 'string' ? { name: ref.name, key: ref.key } : undefined);
  const secretKeyRef = keyRef(source.secretKeyRef);
  const configMapKeyRef = keyRef(source.configMapKeyRef);
  const out: Pick<EnvVar, 'fieldRef' | 'secretKeyRef' | 'configMapKeyRef'> = {};
  if (fieldRef) out.fieldRef = fieldRef;
  if (secretKeyRef) out.secretKeyRef = secretKeyRef;
  if (configMapKeyRef) out.configMapKeyRef = configMapKeyRef;
  return out;
}
