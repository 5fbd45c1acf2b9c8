/**
 * What the wrapper adapters (helmfile, kustomize helmCharts, umbrella charts) share: reading a
 * values file a wrapper names inside the tree, or saying why it was not read; pointing at a place
 * in the wrapper; telling the datadog chart from others.
 */
import { basename } from 'node:path';
import { InputError } from '../load/input-error.js';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import { nearestLocation, type ValuesPath } from '../load/path.js';
import type { Origin } from '../model/location.js';
import type { AdapterContext, InputParts } from './types.js';

export type Unread = NonNullable<InputParts['unread']>[number];

/** Where `path` of a parsed wrapper was written: that key or item, else its nearest written parent, else line 1. */
export function originIn(wrapper: ParsedValues, path: ValuesPath): Origin {
  const loc = nearestLocation(wrapper.locations, path)?.location;
  return loc ? { file: loc.file, line: loc.line, column: loc.column } : { file: wrapper.file, line: 1, column: 1 };
}

/** A chart reference naming the datadog chart: `datadog`, `<repo>/datadog`, `oci://…/datadog`, a local `./charts/datadog`. */
export function isDatadogChart(chart: unknown): boolean {
  return typeof chart === 'string' && basename(chart.trim().replace(/\/+$/, '')) === 'datadog';
}

/** `{{` outside a comment line: the position of the first Go template action of a text, if any. */
export function firstTemplateAction(text: string): { line: number; column: number } | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = line.indexOf('{{');
    if (at !== -1 && !line.trimStart().startsWith('#')) return { line: i + 1, column: at + 1 };
  }
  return undefined;
}

/**
 * The values file `path` named by `from` (relative to its folder), parsed as Helm reads values; or
 * why it was not read: no tree to read in (the webhook), a refusal of ./tree-files.ts (absolute,
 * outside the tree, a symbolic link out of it, missing), or a template only its tool renders.
 * A file that is read but is not valid values is an error of that file (InputError).
 */
export function readNamedValues(context: AdapterContext, from: string, path: string, origin: Origin): { values: ParsedValues } | { unread: Unread } {
  const unread = (reason: string) => ({ unread: { origin, source: path, reason } });
  if (!context.files) return unread('files named by an input are not read here');
  if (/\.gotmpl$/i.test(path)) return unread('a template (.gotmpl) only its tool renders');
  let text;
  try {
    text = context.files.read(from, path);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return unread(refusalReason(err.message, from, path));
  }
  return { values: parseHelmYaml(text.file, text.text) };
}

/** `from: path: why; not read` (./tree-files.ts) → `why`. */
function refusalReason(message: string, from: string, path: string): string {
  const prefix = `${from}: ${path}: `;
  const reason = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  return reason.replace(/; not read$/, '');
}
