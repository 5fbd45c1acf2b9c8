/**
 * Locations for an object that arrived as JSON (an AdmissionReview's object, a Helm release's
 * values): there are no lines, so every key and list item is located by its path, which is what
 * the webhook's messages quote (`spec.template.spec.containers[0].env[2]`).
 */
import { formatPath, pathKey, type ValuesPath } from './path.js';
import type { Origin } from '../model/location.js';

/** An origin whose path text and number are made on first read (a class: cheap to create by the hundred). */
class PathOrigin implements Origin {
  readonly column = 1;
  get source(): 'object' {
    return 'object';
  }
  private text: string | undefined;
  constructor(
    readonly file: string,
    private readonly path: ValuesPath,
    private readonly numbers: Map<string, number>,
  ) {}
  /** Not a line of any text: the same number for the same path (rules tell places apart by file:line:column). */
  get line(): number {
    const key = pathKey(this.path);
    let n = this.numbers.get(key);
    if (n === undefined) this.numbers.set(key, (n = this.numbers.size + 1));
    return n;
  }
  get valuesPath(): string {
    return (this.text ??= formatPath(this.path));
  }
  toJSON(): Origin {
    return { file: this.file, line: this.line, column: 1, source: 'object', valuesPath: this.valuesPath };
  }
}

/**
 * Locates any path of an admitted object when asked: an object can be large (an agent DaemonSet
 * is ~1,500 nodes) and the model asks for the location of every env entry, port and mount while
 * only a finding's location is ever read. Every path is located, whether the object has it or
 * not (a missing `hostNetwork` is located where it would be written), and its text and number
 * are made on first read.
 */
export function pathLocator(file: string): (path: ValuesPath) => Origin {
  const numbers = new Map<string, number>();
  return (path) => new PathOrigin(file, path, numbers);
}

/** Every location of `value`, listed (for values a merge iterates: a release's user config). */
export function jsonLocations(value: unknown, file: string): Map<string, Origin> {
  const out = new Map<string, Origin>();
  const add = (path: ValuesPath) => out.set(pathKey(path), { file, line: 1, column: 1, source: 'object', valuesPath: formatPath(path) });
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
  visit(value, []);
  return out;
}
