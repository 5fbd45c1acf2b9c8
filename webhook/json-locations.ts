/**
 * Locations for an object that arrived as JSON (an AdmissionReview's object, a Helm release's
 * values): there are no lines, so every key and list item is located by its path, which is what
 * the webhook's messages quote (`spec.template.spec.containers[0].env[2]`).
 */
import { formatPath, pathKey, type ValuesPath } from '../src/load/path.js';
import type { Origin } from '../src/model/location.js';

const SEPARATOR = pathKey(['a', 'b']).slice(1, -1);

/** An origin whose path text and number are made on first read (a class: cheap to create by the hundred). */
class PathOrigin implements Origin {
  readonly column = 1;
  private text: string | undefined;
  constructor(
    readonly file: string,
    private readonly key: string,
    private readonly owner: JsonLocations,
  ) {}
  /** Not a line of any text: the same number for the same path (rules tell places apart by file:line:column). */
  get line(): number {
    return this.owner.number(this.key);
  }
  get valuesPath(): string {
    return (this.text ??= formatPath(this.key.split(SEPARATOR).map((p) => (/^\d+$/.test(p) ? Number(p) : p))));
  }
  toJSON(): Origin {
    return { file: this.file, line: this.line, column: 1, valuesPath: this.valuesPath };
  }
}

/**
 * The location of any path of an admitted object, made when asked for: an object can be large
 * (an agent DaemonSet is ~1,500 nodes) and the model asks for the location of every env entry,
 * port and mount while only a finding's location is ever read. Every path is located, whether
 * the object has it or not (a missing `hostNetwork` is located where it would be written), and
 * its text (`valuesPath`) is computed on first read; a key made of digits reads as a list index.
 * Only `get` and `has` are meaningful: the map holds nothing.
 */
export class JsonLocations extends Map<string, Origin> {
  private readonly numbers = new Map<string, number>();
  constructor(private readonly file: string) {
    super();
  }

  override get(key: string): Origin | undefined {
    return key === '' ? undefined : new PathOrigin(this.file, key, this);
  }

  number(key: string): number {
    let n = this.numbers.get(key);
    if (n === undefined) this.numbers.set(key, (n = this.numbers.size + 1));
    return n;
  }

  override has(key: string): boolean {
    return key !== '';
  }
}

/** Every location of `value`, listed (for values a merge iterates: a release's user config). */
export function jsonLocations(value: unknown, file: string): Map<string, Origin> {
  const out = new Map<string, Origin>();
  const add = (path: ValuesPath) => out.set(pathKey(path), { file, line: 1, column: 1, valuesPath: formatPath(path) });
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
