/**
 * A values file a wrapper names (a helmfile's `values:`, a kustomization's `valuesFile`) is read
 * as part of that wrapper's release; when a directory walk also finds it, it is not a release of
 * its own as well: linted alone it would report what the wrapper's other layers and `set`
 * entries change, and every problem in it twice.
 */
import { resolve } from 'node:path';
import type { SourceText } from '../load/inputs.js';
import type { InputParts } from './types.js';

export function withoutNamedValuesFiles(read: { source: SourceText; parts: InputParts }[]): InputParts[] {
  const named = new Set<string>();
  for (const { source, parts } of read) {
    for (const release of parts.releases) for (const v of release.values) if (resolve(v.file) !== resolve(source.file)) named.add(resolve(v.file));
  }
  return read.map(({ source, parts }) => {
    if (!named.has(resolve(source.file))) return parts;
    const alone = (r: InputParts['releases'][number]) => !r.describe && r.values.length === 1 && r.values[0]!.file === source.file;
    return { ...parts, releases: parts.releases.filter((r) => !alone(r)) };
  });
}
