/**
 * The chart's `fail` guards (src/chart/fail-guards.ts) and its values.schema.json
 * (src/chart/chart-schema.ts), evaluated on the merged values: what stops `helm template` before
 * any manifest is rendered.
 */
import { isDeepStrictEqual } from 'node:util';
import { failGuards, type Condition, type FailGuard } from '../../chart/fail-guards.js';
import { schemaViolations } from '../../chart/chart-schema.js';
import { imageGuards } from '../../chart/guards.js';
import { parseConstraint, parseLooseSemVer, parseSemVer } from '../../chart/semver.js';
import { goString } from './go-truthy.js';
import type { RenderFailure } from '../types.js';
import type { ValuesContext } from './context.js';

/** The agent version the chart reads from `agents.image.tag` (`get-agent-version`): `-jmx` dropped, `7`/`6`/`latest` replaced. */
function agentVersion(ctx: ValuesContext): string | undefined {
  const tag = ctx.value('agents.image.tag');
  if (typeof tag !== 'string' && typeof tag !== 'number') return undefined;
  let text = String(tag).replace(/-jmx$/, '');
  const aliases = imageGuards(ctx.release.chartVersion).find((g) => g.image === 'agent')?.aliases ?? {};
  if (!text.includes('.') && aliases[text] !== undefined) text = aliases[text]!;
  return text;
}

function holds(ctx: ValuesContext, c: Condition): boolean {
  if ('truthy' in c) return ctx.truthy(c.truthy);
  if ('falsy' in c) return !ctx.truthy(c.falsy);
  if ('equals' in c) return isDeepStrictEqual(ctx.value(c.equals), c.value);
  if ('notOneOf' in c) {
    const v = ctx.value(c.notOneOf);
    return v !== undefined && v !== null && v !== '' && !c.values.includes(String(v));
  }
  if ('not' in c) return !holds(ctx, c.not);
  if ('all' in c) return c.all.every((d) => holds(ctx, d));
  if ('any' in c) return c.any.some((d) => holds(ctx, d));
  if ('agentVersionOutside' in c) {
    const text = agentVersion(ctx);
    const loose = text === undefined ? null : /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
    const version = loose ? parseSemVer(`${loose[1]}.${loose[2]}.${loose[3] ?? 0}`) : undefined;
    return version !== undefined && !parseConstraint(c.agentVersionOutside)!(version);
  }
  if ('versionWithin' in c || 'versionOutside' in c) {
    const raw = c.of === undefined ? agentVersion(ctx) : goString(ctx.value(c.of));
    const version = raw === undefined ? undefined : parseLooseSemVer(c.trimSuffix && raw.endsWith(c.trimSuffix) ? raw.slice(0, -c.trimSuffix.length) : raw);
    if (version === undefined) return false;
    return 'versionWithin' in c ? parseConstraint(c.versionWithin)!(version) : !parseConstraint(c.versionOutside)!(version);
  }
  if ('endsWith' in c) return goString(ctx.value(c.endsWith)).endsWith(c.suffix);
  if ('chartVersionWithin' in c) {
    const version = parseSemVer(ctx.release.chartVersion);
    return version !== undefined && parseConstraint(c.chartVersionWithin)!(version);
  }
  const text = (path: string): string | undefined => {
    const v = ctx.value(path);
    return typeof v === 'string' && !v.includes('{{') ? v : undefined;
  };
  if ('longerThan' in c) {
    const v = text(c.longerThan);
    return v !== undefined && Buffer.byteLength(v) > c.length;
  }
  if ('notMatching' in c) {
    const v = text(c.notMatching);
    return v !== undefined && !new RegExp(c.pattern).test(v);
  }
  const endpoint = ctx.value(c.otlpEndpoint);
  if (typeof endpoint !== 'string') return false;
  if (c.problem === 'no-port') return !/:[0-9]+$/.test(endpoint);
  return endpoint.startsWith(`${c.problem}:`);
}

/** The values paths a condition reads, in order. */
function paths(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(paths);
  if ('any' in c) return c.any.flatMap(paths);
  if ('not' in c) return paths(c.not);
  if ('agentVersionOutside' in c) return ['agents.image.tag'];
  if ('versionWithin' in c || 'versionOutside' in c) return [c.of ?? 'agents.image.tag'];
  if ('chartVersionWithin' in c) return [];
  const [, path] = Object.entries(c)[0]! as [string, string];
  return [path];
}

/** The guard's key if the user wrote it, else the first key of its condition the user wrote, else the guard's key (a default). */
function origin(ctx: ValuesContext, guard: FailGuard) {
  for (const path of [guard.at, ...paths(guard.when)]) {
    const at = ctx.origin(path);
    if (!at.fromDefault) return at;
  }
  return ctx.origin(guard.at);
}

export function chartFails(ctx: ValuesContext): RenderFailure[] {
  const version = ctx.release.chartVersion;
  const schema = schemaViolations(version, ctx.release.values).map((v) => ({
    reason: 'schema-violation' as const,
    path: v.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').slice(1),
    problem: v.problem,
    chartVersion: version,
    origin: ctx.origin(v.path),
  }));
  const taken = new Set(schema.map((s) => `${s.origin.file}:${s.origin.line}`));
  const guards = failGuards(version)
    .filter((g) => holds(ctx, g.when))
    .map((g) => ({ reason: 'chart-fail' as const, guard: g.id, why: g.reason, chartVersion: version, origin: origin(ctx, g), ...(g.assumes ? { assumes: g.assumes } : {}) }))
    // One finding per line: a guard that repeats a schema violation at the same key adds nothing.
    .filter((f) => !taken.has(`${f.origin.file}:${f.origin.line}`));
  return [...schema, ...guards];
}
