/**
 * A kustomization's `helmCharts` (apiVersion kustomize.config.k8s.io/*, kind Kustomization or
 * Component): each entry `name: datadog` is a release, with the values kustomize's
 * HelmChartInflationGenerator hands to `helm template`:
 *
 * 1. `valuesFile` (relative to the kustomization; absent: the chart's own values.yaml, i.e. its
 *    defaults) and `valuesInline` are first combined into one file, as `valuesMerge` says:
 *    `override` (the default): inline over the file, maps merged deeply; `merge`: the file over
 *    inline; `replace`: inline alone, the file is not used.
 * 2. That file is passed as `-f`, then each of `additionalValuesFiles` in order as `-f`: the
 *    additional files win over both.
 *
 * kustomize merges (1) with mergo, which differs from Helm's merge for empty values (`false`, 0,
 * "" do not override with `override`; they are filled in with `merge`); this reads (1) as Helm's
 * merge of two files. `releaseName`, `namespace`, `version` are the release's.
 */
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import type { SourceText } from '../load/inputs.js';
import { subValues } from '../load/sub-values.js';
import { isObject } from '../json.js';
import type { AdapterContext, InputParts, TextAdapter, CollectedParts } from './types.js';
import { originIn, readNamedValues } from './wrapper-values.js';

export const kustomizeHelmChartsAdapter: TextAdapter = {
  name: 'kustomize helmCharts',
  readText({ file, text }: SourceText, context: AdapterContext): InputParts | undefined {
    if (!/^kind[ \t]*:[ \t]*["']?(Kustomization|Component)\b/m.test(text) || !/^helmCharts[ \t]*:/m.test(text)) return undefined;
    const parsed = parseHelmYaml(file, text);
    const { apiVersion, helmCharts } = parsed.value;
    if (typeof apiVersion !== 'string' || !apiVersion.startsWith('kustomize.config.k8s.io/') || !Array.isArray(helmCharts)) return undefined;
    const out: CollectedParts = { releases: [], documents: [], unread: [], ...(parsed.duplicates.length ? { duplicates: parsed.duplicates } : {}) };
    helmCharts.forEach((chart, i) => {
      if (!isObject(chart) || chart.name !== 'datadog') return;
      const at = ['helmCharts', i];
      const named = (key: string, path: unknown, index?: number): ParsedValues | undefined => {
        if (typeof path !== 'string' || path === '') return undefined;
        const read = readNamedValues(context, file, path, originIn(parsed, index === undefined ? [...at, key] : [...at, key, index]));
        if ('values' in read) return read.values;
        out.unread.push(read.unread);
        return undefined;
      };
      const merge = chart.valuesMerge ?? 'override';
      const inline = subValues(parsed, [...at, 'valuesInline']);
      const hasInline = inline !== undefined && Object.keys(inline.value).length > 0;
      const valuesFile = hasInline && merge === 'replace' ? undefined : named('valuesFile', chart.valuesFile);
      const first = !hasInline ? [valuesFile] : merge === 'merge' ? [inline, valuesFile] : merge === 'replace' ? [inline] : [valuesFile, inline];
      const additional = Array.isArray(chart.additionalValuesFiles) ? chart.additionalValuesFiles.map((p, j) => named('additionalValuesFiles', p, j)) : [];
      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
      const name = str(chart.releaseName);
      const namespace = str(chart.namespace);
      const version = str(chart.version);
      out.releases.push({
        values: [...first, ...additional].filter((v): v is ParsedValues => v !== undefined),
        sets: [],
        ...(name ? { name } : {}),
        ...(namespace ? { namespace } : {}),
        ...(version ? { chartVersion: version } : {}),
        describe: `kustomize helmCharts datadog (${file})`,
      });
    });
    return out.releases.length > 0 ? out : undefined;
  },
};
