/**
 * The Kubernetes version the values declare (`kubeVersionOverride`, for GitOps tools that do not
 * give helm the cluster's version), read as the chart's `semverCompare` reads it (Masterminds
 * semver: `v` prefix, missing minor or patch, pre-release and build suffixes). dd-lint cannot see
 * the cluster: without an override it assumes a current Kubernetes, as `helm template` does.
 */
import { compareSemVer, type SemVer } from '../../chart/semver.js';

const LOOSE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function looseSemVer(text: string): SemVer | undefined {
  const m = LOOSE.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ? m[4].split('.') : [] } : undefined;
}

/**
 * `semverCompare ">=X.Y.Z" version`: a pre-release never meets a constraint that names none, so a
 * managed cluster's `v1.28.3-gke.1203001` fails `>=1.23.0`. Undefined when it is no version (the
 * chart's render then fails, which is another policy's business).
 */
export function meetsAtLeast(version: string, floor: SemVer): boolean | undefined {
  const v = looseSemVer(version);
  if (!v) return undefined;
  return v.pre.length === 0 && compareSemVer(v, floor) >= 0;
}
