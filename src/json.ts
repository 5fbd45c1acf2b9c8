/** JSON values as Helm, Kubernetes and dd-lint's model hold them: a leaf every layer imports. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of parsed values (maps, lists, scalars; a `__proto__` key stays a key). Used where
 * structuredClone was: its first call in a process sets up its serializer, a few milliseconds of
 * every start. Maps keep their prototype (none or Object's); anything else than a map or list is
 * shared, not copied.
 */
export function cloneValues<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValues) as T;
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) return value;
  const out = Object.create(proto) as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) {
    if (key === '__proto__') Object.defineProperty(out, key, { value: cloneValues(v), enumerable: true, writable: true, configurable: true });
    else out[key] = cloneValues(v);
  }
  return out as T;
}
