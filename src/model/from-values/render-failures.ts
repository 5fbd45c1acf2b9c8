/**
 * Values that make `helm template` itself fail for the datadog chart (datadog-facts §9): the
 * chart's own `fail` guards and template type errors that dd-lint can see without rendering.
 */
import { isObject } from '../../json.js';
import { guardAccepts, imageGuards, newestChartAccepting } from '../../chart/guards.js';
import type { RenderFailure } from '../types.js';
import type { ValuesContext } from './context.js';
import { chartFails } from './chart-fails.js';

const ENV_LISTS = ['datadog.env', 'clusterAgent.env', ...['agent', 'traceAgent', 'processAgent', 'systemProbe', 'securityAgent', 'otelAgent', 'agentDataPlane', 'hostProfiler', 'privateActionRunner'].map((c) => `agents.containers.${c}.env`)];

export function renderFailures(ctx: ValuesContext): RenderFailure[] {
  const out: RenderFailure[] = [];
  const token = ctx.value('clusterAgent.token');
  if (ctx.truthy('clusterAgent.token') && typeof token !== 'string' && !ctx.truthy('clusterAgent.tokenExistingSecret')) {
    out.push({ reason: 'token-not-string', type: typeof token, origin: ctx.origin('clusterAgent.token') });
  }
  for (const path of ENV_LISTS) {
    const list = ctx.value(path);
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '') {
        out.push({ reason: 'env-without-name', path, index, origin: ctx.origin([...path.split('.'), index]) });
      }
    });
  }
  const host = ctx.value('datadog.kubelet.host');
  if (host !== undefined && host !== null && !isObject(host)) {
    out.push({ reason: 'kubelet-host-not-map', type: typeof host, origin: ctx.origin('datadog.kubelet.host') });
  }
  out.push(...imageTooOld(ctx), ...chartFails(ctx));
  return out;
}

/** The chart's image version guards (src/chart/guards.ts): they run whether the component is enabled or not. */
function imageTooOld(ctx: ValuesContext): RenderFailure[] {
  const version = ctx.release.chartVersion;
  return imageGuards(version).flatMap((guard) => {
    const tag = ctx.value(guard.tagPath);
    if (ctx.truthy(guard.skipPath) || (typeof tag !== 'string' && typeof tag !== 'number') || guardAccepts(guard, String(tag))) return [];
    const olderChart = newestChartAccepting(guard.image, String(tag), version);
    return [{ reason: 'image-too-old' as const, image: guard.image, tag: String(tag), chartVersion: version, floor: guard.floor, skipPath: guard.skipPath, ...(olderChart ? { olderChart } : {}), origin: ctx.origin(guard.tagPath) }];
  });
}
