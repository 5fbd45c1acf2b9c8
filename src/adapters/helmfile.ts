/**
 * A plain helmfile (helmfile.yaml, helmfile.d/*.yaml): each release of the datadog chart
 * (`chart: <repo>/datadog`, `datadog`) is a release here, as helmfile hands it to helm:
 *
 * - `values:` entries in order, each a file (relative to the helmfile) or an inline map, become
 *   `--values` files in that order; then `secrets:` files (encrypted: never read, see `unread`);
 *   then every `set:` entry as `--set name=value` (helmfile escapes `{`, `}` and `,` in both; a
 *   `values:` list becomes `name={a,b}`; `file:` is --set-file, not read). Helm applies --set
 *   after every values file, so `set` wins over `values` whatever their order in the file.
 * - `name`, `namespace`, `version` (a version or a range) are the release's; `installed: false`
 *   releases are not deployed and not read.
 * - `bases:` files that are plain are read first, as part of this helmfile (their releases' files
 *   relative to this one); `---` parts are read one after the other.
 * - `environments:` values only feed helmfile's templates, which a plain helmfile has none of: they
 *   change no release and are not read.
 *
 * Templating is helmfile's own: a `.gotmpl` helmfile, or one with `{{ }}` actions, is refused with
 * one line (render it first); a templated base or values file is an unread source.
 */
import { basename, dirname } from 'node:path';
import { inputErrorAt, InputError } from '../load/input-error.js';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import { applySet } from '../load/helm-set.js';
import type { SetArg } from '../load/values.js';
import type { SourceText } from '../load/inputs.js';
import { subValues } from '../load/sub-values.js';
import { isObject, type Json } from '../json.js';
import type { AdapterContext, InputParts, ReleaseInput, TextAdapter, CollectedParts } from './types.js';
import { firstTemplateAction, isDatadogChart, originIn, readNamedValues } from './wrapper-values.js';

const HELMFILE_NAME = /^helmfile(\.[^/]*)?\.ya?ml(\.gotmpl)?$/i;

export const helmfileAdapter: TextAdapter = {
  name: 'helmfile',
  readText(source: SourceText, context: AdapterContext): InputParts | undefined {
    if (!looksLikeHelmfile(source)) return undefined;
    refuseTemplated(source.file, source.text);
    const out: CollectedParts = { releases: [], documents: [], unread: [] };
    for (const part of helmfileParts(source.file, source.text)) {
      if (part.duplicates.length) (out.duplicates ??= []).push(...part.duplicates);
      if (!isObject(part.value)) continue;
      readBases(part, source.file, context, out);
      readReleases(part, source.file, context, out);
    }
    return out;
  },
};

/** By name (helmfile*.yaml, a file of helmfile.d/), or a top-level `releases:` list of charts in a file that is no Kubernetes object. */
function looksLikeHelmfile({ file, text }: SourceText): boolean {
  if (HELMFILE_NAME.test(basename(file)) || basename(dirname(file)) === 'helmfile.d') return true;
  return /^releases[ \t]*:/m.test(text) && /^[ \t-]*chart[ \t]*:/m.test(text) && !/^["']?kind["']?[ \t]*:/m.test(text);
}

function refuseTemplated(file: string, text: string): void {
  const action = firstTemplateAction(text);
  if (!action && !/\.gotmpl$/i.test(file)) return;
  const { line, column } = action ?? { line: 1, column: 1 };
  throw inputErrorAt(file, line, column, 'templated helmfile: render it with `helmfile template` or `helmfile write-values` and lint the result');
}

/** Each `---` part of a helmfile, read on its own (line numbers those of the whole file). */
function helmfileParts(file: string, text: string): ParsedValues[] {
  const lines = text.split(/(?<=\n)/);
  const parts: ParsedValues[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end).join('');
    if (body.trim() !== '') parts.push(parseHelmYaml(file, '\n'.repeat(start) + body));
  };
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return parts;
}

function readBases(part: ParsedValues, mainFile: string, context: AdapterContext, out: CollectedParts): void {
  const bases = part.value.bases;
  if (!Array.isArray(bases)) return;
  bases.forEach((base, i) => {
    const origin = originIn(part, ['bases', i]);
    if (typeof base !== 'string') return;
    const unread = (reason: string) => void out.unread.push({ origin, source: base, reason });
    if (!context.files) return unread('files named by an input are not read here');
    let text: SourceText;
    try {
      text = context.files.read(mainFile, base);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return unread(err.message.replace(`${mainFile}: ${base}: `, '').replace(/; not read$/, ''));
    }
    if (/\.gotmpl$/i.test(base) || firstTemplateAction(text.text)) return unread('templated: helmfile renders it');
    // A base's release values files are taken relative to this helmfile (the state's base path).
    for (const basePart of helmfileParts(text.file, text.text)) readReleases(basePart, mainFile, context, out);
  });
}

function readReleases(part: ParsedValues, mainFile: string, context: AdapterContext, out: CollectedParts): void {
  const releases = part.value.releases;
  if (!Array.isArray(releases)) return;
  releases.forEach((release, i) => {
    if (!isObject(release) || !isDatadogChart(release.chart) || release.installed === false) return;
    const at = ['releases', i];
    const values: ParsedValues[] = [];
    list(release.values).forEach((entry, j) => {
      const origin = originIn(part, [...at, 'values', j]);
      if (typeof entry === 'string') {
        const read = readNamedValues(context, mainFile, entry, origin);
        if ('values' in read) values.push(read.values);
        else out.unread.push(read.unread);
      } else {
        const inline = subValues(part, [...at, 'values', j]);
        if (inline) values.push(inline);
        else out.unread.push({ origin, source: `values[${j}]`, reason: 'neither a file name nor a map' });
      }
    });
    list(release.secrets).forEach((entry, j) => {
      out.unread.push({ origin: originIn(part, [...at, 'secrets', j]), source: typeof entry === 'string' ? entry : `secrets[${j}]`, reason: 'encrypted secrets (helm-secrets): decrypt them to lint them' });
    });
    const sets: SetArg[] = [];
    list(release.set).forEach((entry, k) => {
      const origin = originIn(part, [...at, 'set', k]);
      const set = setArgument(entry);
      if (set === 'file') out.unread.push({ origin, source: `set[${k}]`, reason: 'a --set-file value is not read' });
      else if (set !== undefined) {
        checkSet(set, origin);
        sets.push({ expr: set, asString: false, origin });
      }
    });
    const name = typeof release.name === 'string' ? release.name : undefined;
    out.releases.push({
      values,
      sets,
      ...(name ? { name } : {}),
      ...(typeof release.namespace === 'string' && release.namespace ? { namespace: release.namespace } : {}),
      ...(typeof release.version === 'string' || typeof release.version === 'number' ? { chartVersion: String(release.version) } : {}),
      describe: `helmfile release ${name ?? '(unnamed)'} (${part.file})`,
    } satisfies ReleaseInput);
  });
}

const list = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

/** helmfile's escape(): `{`, `}` and `,` are escaped in the name and in each value. */
const escape = (text: string) => text.replace(/[{},]/g, (c) => `\\${c}`);
const scalarText = (value: Json) => (value === null ? 'null' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The --set argument helmfile makes of a `set:` entry; 'file' for --set-file; undefined when it makes none. */
function setArgument(entry: Json): string | 'file' | undefined {
  if (!isObject(entry) || typeof entry.name !== 'string') return undefined;
  const name = escape(entry.name);
  if (entry.value !== undefined && entry.value !== '' && entry.value !== null) return `${name}=${escape(scalarText(entry.value))}`;
  if (typeof entry.file === 'string' && entry.file !== '') return 'file';
  if (Array.isArray(entry.values) && entry.values.length > 0) return `${name}={${entry.values.map((v) => escape(scalarText(v))).join(',')}}`;
  return undefined;
}

/** A `set:` entry helm would refuse is an error at that entry (its value never shown). */
function checkSet(expr: string, origin: { file: string; line: number; column: number }): void {
  try {
    applySet({}, expr, { asString: false });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw inputErrorAt(origin.file, origin.line, origin.column, `set entry: ${err.message}`);
  }
}
