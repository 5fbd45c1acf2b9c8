/**
 * The chart's warning for a container include filter without any exclude filter. Filters come from
 * `datadog.containerInclude`/`containerExclude` or from `DD_CONTAINER_INCLUDE`/`DD_CONTAINER_EXCLUDE`
 * in `datadog.env`; code to point at the include that is set (a full copy of values.yaml writes both
 * keys).
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { isObject } from '../json.js';
import { noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { switchedOn } from './facts/switched-on.js';

const BANNER = 'You are using datadog.containerInclude or DD_CONTAINER_INCLUDE but you haven\'t excluded any containers';

/** The index of the first `datadog.env` entry named `name`, as the chart's range finds it. */
function envIndex(values: unknown, name: string): number {
  const env = valueAt(values, 'datadog.env');
  return Array.isArray(env) ? env.findIndex((e) => isObject(e) && e.name === name) : -1;
}

export default definePolicy({
  id: 'notice-container-include-without-exclude',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    includeOnly: ({ key }: { key: string }) =>
      `${key} sets a container include filter but nothing is excluded: every container is still collected (add datadog.containerExclude: "name:.*" to collect only the included ones).`,
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      if (switchedOn(release, ['datadog.containerExclude']).length > 0 || envIndex(release.values, 'DD_CONTAINER_EXCLUDE') >= 0) return [];
      const env = envIndex(release.values, 'DD_CONTAINER_INCLUDE');
      const key = switchedOn(release, ['datadog.containerInclude'])[0] ?? (env >= 0 ? `datadog.env.${env}` : undefined);
      if (key === undefined) return [];
      return [{ message: messages.includeOnly({ key: key.replace(/\.(\d+)$/, '[$1]') }), origin: noticeOrigin(release, [key]) }];
    }),
});
