/**
 * Helm release Secrets (type helm.sh/release.v1, named sh.helm.release.v1.<release>.v<revision>).
 * Helm stores the release as JSON, gzipped, base64-encoded, in the Secret's data.release, and the
 * API base64-encodes Secret data once more: base64(base64(gzip(json))). The JSON holds the chart
 * (metadata and its default values) and `config`, the user's own values (every -f file and --set
 * merged), which is what dd-lint lints over the defaults the release carries.
 */
import { createRequire } from 'node:module';
import { isObject, type JsonObject } from '../json.js';

/** The Secret type Helm stores a release in. */
export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** Decompressed release JSON above this size is refused (a gzip bomb guard; Secrets are at most 1 MiB). */
export const MAX_RELEASE_BYTES = 32 * 1024 * 1024;

export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  chartName: string;
  chartVersion: string;
  /** The chart's values.yaml as Helm read it. */
  chartValues: JsonObject;
  /** The user's values (Helm's `config`). */
  config: JsonObject;
}

export class ReleaseDecodeError extends Error {}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Decode `data.release` of a release Secret as the API returns it (base64 of Helm's base64 of gzipped JSON). */
export function decodeRelease(dataRelease: string): HelmRelease {
  const helmText = Buffer.from(dataRelease, 'base64').toString('latin1');
  let bytes = Buffer.from(helmText, 'base64');
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      // node:zlib (and the streams it loads) only for a release: a start that reads none pays nothing for it.
      const { gunzipSync } = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES });
    } catch (err) {
      throw new ReleaseDecodeError(`cannot gunzip the release: ${(err as Error).message}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ReleaseDecodeError('the release is not JSON after base64 and gzip decoding');
  }
  if (!isObject(json)) throw new ReleaseDecodeError('the release is not a JSON object');
  const chart = isObject(json.chart) ? json.chart : {};
  const metadata = isObject(chart.metadata) ? chart.metadata : {};
  return {
    name: typeof json.name === 'string' ? json.name : '',
    namespace: typeof json.namespace === 'string' ? json.namespace : '',
    revision: typeof json.version === 'number' ? json.version : 0,
    chartName: typeof metadata.name === 'string' ? metadata.name : '',
    chartVersion: typeof metadata.version === 'string' ? metadata.version : '',
    chartValues: isObject(chart.values) ? chart.values : {},
    config: isObject(json.config) ? json.config : {},
  };
}
