import { isObject } from '../../json.js';
import type { VolumeMount } from '../types.js';
import type { ValuesContext } from './context.js';

/** A volumeMounts list from values, copied verbatim by the chart. */
export function volumeMounts(ctx: ValuesContext, path: string): VolumeMount[] {
  const list = ctx.value(path);
  if (!Array.isArray(list)) return [];
  const out: VolumeMount[] = [];
  list.forEach((entry, index) => {
    if (isObject(entry) && typeof entry.mountPath === 'string') {
      out.push({ name: String(entry.name ?? ''), mountPath: entry.mountPath, origin: ctx.origin([...path.split('.'), index, 'mountPath']) });
    }
  });
  return out;
}
