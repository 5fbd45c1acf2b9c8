/** A path into a values tree: map keys and list indexes, e.g. ['datadog', 'env', 0, 'name']. */
export type ValuesPath = readonly (string | number)[];

/** A Map key for a path (unit separator: no YAML key clashes with it in practice). */
export function pathKey(path: ValuesPath): string {
  return path.join('\u001f');
}

/** `datadog.env[0].name`, the way users and Helm's --set write a path. */
export function formatPath(path: ValuesPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out ? '.' : '') + (/^[\w-]+$/.test(part) ? part : JSON.stringify(part));
  }
  return out;
}
