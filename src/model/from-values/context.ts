/** What every part of the values model needs: the release and helpers to read it with origins. */
import { get, locate, type ValuesRelease } from '../../load/values.js';
import { type Json } from '../../json.js';
import type { ValuesPath } from '../../load/path.js';
import type { Origin } from '../location.js';
import { goTruthy, truthyStringNote } from './go-truthy.js';

export interface ValuesContext {
  release: ValuesRelease;
  /** FULL in the chart (`datadog.fullname`). */
  fullname: string;
  namespace: string;
  /** Read a value (chart default filled in). */
  value(path: string): Json | undefined;
  /** Go-template truthiness of a value, as `{{ if .Values.x }}` sees it. */
  truthy(path: string): boolean;
  origin(path: string | ValuesPath): Origin;
  /** The "quoted false is true" note for a value, if it applies. */
  note(path: string): string | undefined;
}

const split = (path: string): string[] => path.split('.');

export function valuesContext(release: ValuesRelease, releaseName: string, namespace: string): ValuesContext {
  const value = (path: string) => get(release.values, split(path));
  return {
    release,
    namespace,
    fullname: fullname(release, releaseName),
    value,
    truthy: (path) => goTruthy(value(path)),
    origin: (path) => locate(release, typeof path === 'string' ? split(path) : path),
    note: (path) => truthyStringNote(path, value(path)),
  };
}

/** `datadog.fullname` (_helpers.tpl): fullnameOverride, else the release name if it contains the chart name, else `<release>-datadog`; 63 chars. */
function fullname(release: ValuesRelease, releaseName: string): string {
  const override = get(release.values, ['fullnameOverride']);
  if (typeof override === 'string' && override) return override.slice(0, 63).replace(/-+$/, '');
  const nameOverride = get(release.values, ['nameOverride']);
  const name = typeof nameOverride === 'string' && nameOverride ? nameOverride : 'datadog';
  const full = releaseName.includes(name) ? releaseName : `${releaseName}-${name}`;
  return full.slice(0, 63).replace(/-+$/, '');
}
