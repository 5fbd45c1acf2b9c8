/**
 * Helm release Secrets made the way Helm makes them (pkg/storage/driver: encodeRelease, newSecretsObject):
 * the release as JSON, gzipped, base64-encoded by Helm, stored as data.release, which the API
 * serializes base64-encoded once more.
 */
import { gzipSync } from 'node:zlib';
import type { JsonObject } from '../../src/json.js';

export interface ReleaseSpec {
  name: string;
  namespace: string;
  revision?: number;
  chartName?: string;
  chartVersion: string;
  /** The chart's values.yaml as Helm read it. */
  chartValues: JsonObject;
  /** The user's values (every -f file and --set merged). */
  config: JsonObject;
  status?: string;
}

export function helmReleaseJson(spec: ReleaseSpec): JsonObject {
  const now = '2026-01-01T00:00:00Z';
  const chartName = spec.chartName ?? 'datadog';
  return {
    name: spec.name,
    info: { first_deployed: now, last_deployed: now, deleted: '', description: 'Initial install underway', status: spec.status ?? 'pending-install' },
    chart: {
      metadata: { name: chartName, version: spec.chartVersion, description: `${chartName} chart`, apiVersion: 'v1', appVersion: '7' },
      lock: null,
      templates: [{ name: 'templates/daemonset.yaml', data: Buffer.from('kind: DaemonSet\n').toString('base64') }],
      values: spec.chartValues,
      schema: null,
      files: [],
    },
    config: spec.config,
    manifest: '---\n# Source: rendered manifests would be here\n',
    version: spec.revision ?? 1,
    namespace: spec.namespace,
  };
}

/** The Secret object as the API server holds it (and sends it in an AdmissionReview). */
export function helmReleaseSecret(spec: ReleaseSpec): JsonObject {
  const revision = spec.revision ?? 1;
  const helmEncoded = gzipSync(Buffer.from(JSON.stringify(helmReleaseJson(spec)))).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: `sh.helm.release.v1.${spec.name}.v${revision}`,
      namespace: spec.namespace,
      labels: { name: spec.name, owner: 'helm', status: spec.status ?? 'pending-install', version: String(revision) },
    },
    data: { release: Buffer.from(helmEncoded).toString('base64') },
  };
}
