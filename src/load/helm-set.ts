/**
 * Helm's `--set` / `--set-string` syntax (helm.sh/helm/v3/pkg/strvals).
 * PLACEHOLDER: minimal `a.b=c` support; replaced by the full parser.
 */
import { InputError } from './input-error.js';
import type { ValuesPath } from './path.js';

export interface SetOptions {
  /** --set-string: every value stays a string. */
  asString: boolean;
}

/** Apply one --set argument (may hold several comma-separated assignments) to `target`; returns the paths written. */
export function applySet(target: Record<string, unknown>, expr: string, options: SetOptions): ValuesPath[] {
  const written: ValuesPath[] = [];
  for (const part of expr.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new InputError(`--set ${expr}: key "${part}" has no value`);
    const path = part.slice(0, eq).split('.');
    const raw = part.slice(eq + 1);
    let node: Record<string, unknown> = target;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = options.asString ? raw : typed(raw);
    written.push(path);
  }
  return written;
}

function typed(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^(0|-?[1-9]\d*)$/.test(raw)) return Number(raw);
  return raw;
}
