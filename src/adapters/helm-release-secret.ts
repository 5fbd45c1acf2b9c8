/**
 * A Helm release Secret (type helm.sh/release.v1): the release it stores, linted from its values
 * (Helm's `config`: every -f file and --set merged) over the chart defaults the release carries.
 * A release of another chart is claimed with nothing to lint.
 */
import { isObject } from '../json.js';
import { decodeRelease, HELM_RELEASE_SECRET_TYPE } from '../load/helm-release.js';
import { jsonLocations } from '../load/json-locations.js';
import type { DocumentAdapter } from './types.js';

/** The chart whose releases are linted from their values. */
export const DATADOG_CHART = 'datadog';

export const helmReleaseSecretAdapter: DocumentAdapter = {
  name: 'Helm release Secret',
  readDocument(doc) {
    const secret = doc.value;
    if (!isObject(secret) || secret.kind !== 'Secret' || secret.type !== HELM_RELEASE_SECRET_TYPE) return undefined;
    const data = isObject(secret.data) ? secret.data : {};
    if (typeof data.release !== 'string') return undefined;
    const release = decodeRelease(data.release);
    if (release.chartName !== DATADOG_CHART) return { releases: [], documents: [] };
    const metadata = isObject(secret.metadata) ? secret.metadata : {};
    const namespace = release.namespace || (typeof metadata.namespace === 'string' ? metadata.namespace : '');
    const file = `${doc.file} values`;
    return {
      releases: [
        {
          values: [{ file, value: release.config, locations: jsonLocations(release.config, file), duplicates: [], text: '' }],
          sets: [],
          name: release.name || 'release',
          namespace,
          chartVersion: release.chartVersion,
          chartDefaults: { version: release.chartVersion, values: release.chartValues },
          describe: `Helm release ${namespace}/${release.name} revision ${release.revision} (chart ${release.chartName} ${release.chartVersion})`,
        },
      ],
      documents: [],
    };
  },
};
