/**
 * Whether a values file found by walking a repository is the datadog chart's: it is when one of
 * its top-level keys is a top-level key of some datadog chart version (2.4.0, the newest, and one
 * between) other than the keys every chart may have (`global`, `nameOverride`...). A redis
 * chart's values, a GitHub workflow or a docker-compose file has none and is skipped.
 */
import { chartKeys, chartVersions } from '../chart/history.js';
import type { JsonObject } from '../json.js';

const GENERIC_KEYS = new Set(['global', 'nameOverride', 'fullnameOverride', 'kubeVersionOverride', 'commonLabels', 'registry', 'image', 'imagePullSecrets']);

let datadogKeys: Set<string> | undefined;

function topLevelKeys(): Set<string> {
  if (!datadogKeys) {
    const versions = chartVersions();
    const sample = [versions[0]!, versions[Math.floor(versions.length / 2)]!, versions[versions.length - 1]!];
    datadogKeys = new Set(sample.flatMap((v) => chartKeys(v).children([])).filter((k) => !GENERIC_KEYS.has(k)));
  }
  return datadogKeys;
}

/** Undefined when the values are Datadog's; else why not, for the list of skipped files. */
export function notDatadogValues(values: JsonObject): string | undefined {
  const keys = Object.keys(values);
  if (keys.length === 0) return 'empty';
  if (keys.some((k) => topLevelKeys().has(k))) return undefined;
  const shown = keys.slice(0, 3).join(', ') + (keys.length > 3 ? ', ...' : '');
  return `not Datadog values: none of its top-level keys (${shown}) is the datadog chart's`;
}
