/**
 * Locations for an object that arrived as JSON (an AdmissionReview's object, a Helm release's
 * values): there are no lines, so every key and list item is located by its path, which is what
 * the webhook's messages quote (`spec.template.spec.containers[0].env[2]`).
 */
import { formatPath, pathKey, type ValuesPath } from '../src/load/path.js';
import type { Origin } from '../src/model/location.js';

export function jsonLocations(value: unknown, file: string): Map<string, Origin> {
  const out = new Map<string, Origin>();
  const visit = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        path.push(i);
        add(path);
        visit(item, path);
        path.pop();
      });
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        path.push(key);
        add(path);
        visit((node as Record<string, unknown>)[key], path);
        path.pop();
      }
    }
  };
  const add = (path: ValuesPath) => out.set(pathKey(path), { file, line: 1, column: 1, valuesPath: formatPath(path) });
  visit(value, []);
  return out;
}
