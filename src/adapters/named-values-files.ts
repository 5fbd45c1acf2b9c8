/**
 * A values file a wrapper names (a helmfile's `values:`, a kustomization's `valuesFile`) is read
 * as part of that wrapper's release; when a directory walk also finds it, it is not a release of
 * its own as well: linted alone it would report what the wrapper's other layers and `set`
 * entries change, and every problem in it twice. Likewise an umbrella chart that an Argo CD
 * Application deploys (`path:`) is linted as the Application deploys it, not a second time alone.
 */
import { resolve } from 'node:path';
import type { SourceText } from '../load/inputs.js';
import type { InputParts } from './types.js';

export function withoutNamedValuesFiles(read: { source: SourceText; parts: InputParts }[]): InputParts[] {
  const named = new Set<string>();
  const deployed = new Set<string>();
  for (const { source, parts } of read) {
    for (const release of parts.releases) {
      for (const v of release.values) if (resolve(v.file) !== resolve(source.file)) named.add(resolve(v.file));
      if (release.umbrella?.deployed) deployed.add(release.umbrella.chart);
    }
  }
  const superseded = (r: Release) => r.umbrella !== undefined && !r.umbrella.deployed && deployed.has(r.umbrella.chart);
  return read.map(({ source, parts }) => {
    const alone = (r: Release) => named.has(resolve(source.file)) && !r.describe && r.values.length === 1 && r.values[0]!.file === source.file;
    if (!parts.releases.some((r) => alone(r) || superseded(r))) return parts;
    return { ...parts, releases: parts.releases.filter((r) => !alone(r) && !superseded(r)) };
  });
}

type Release = InputParts['releases'][number];
