/**
 * The datadog chart's own values.schema.json (from 3.110.0 on), which helm checks the merged values
 * against before rendering anything: a violation stops `helm template`/`install`. Only the
 * constraints are bundled (src/chart/data/datadog.values-schema.json, scripts/gen-chart-fails.mjs);
 * the violations are told in dd-lint's words.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Json } from '../json.js';
import { CHART_DATA_DIR } from '../package-root.js';
import { runCovering } from './history.js';

export interface SchemaViolation {
  /** The values path of the offending key. */
  path: (string | number)[];
  /** What is wrong with it, as a sentence fragment after the path. */
  problem: string;
}

interface SchemaRun {
  from: string;
  to: string;
}

let runs: SchemaRun[] | undefined;
/** The runs of bundled versions that have a values schema (values-schema/runs.json, beside their validators). */
export function schemaRuns(): SchemaRun[] {
  runs ??= JSON.parse(readFileSync(new URL('values-schema/runs.json', CHART_DATA_DIR), 'utf8')) as SchemaRun[];
  return runs;
}

// Each run's validator is compiled at build time (scripts/gen-validators.mjs): compiling it here would take most of a second.
const load = createRequire(new URL('values-schema/', CHART_DATA_DIR));

function validatorFor(version: string): ValidateFunction | undefined {
  const run = runCovering(schemaRuns(), version);
  return run && (load(`./${run.from}.cjs`) as ValidateFunction);
}

const list = (values: unknown): string => (Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : JSON.stringify(values));

function problem(e: ErrorObject): string | undefined {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${String(p.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `must be one of ${list(p.allowedValues)}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'additionalProperties':
      return 'is not a key the chart accepts here';
    case 'required':
      return `needs \`${String(p.missingProperty)}\``;
    case 'minItems':
    case 'minProperties':
      return `needs at least ${String(p.limit)} entries`;
    case 'maxItems':
    case 'maxProperties':
      return Number(p.limit) === 0 ? 'must be empty' : `takes at most ${String(p.limit)} entries`;
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    default:
      return undefined; // anyOf, oneOf, not: their branches' errors say more
  }
}

const pointer = (instancePath: string): (string | number)[] =>
  instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** The keys an `if` tests (`if A is non-empty then B must be empty`). */
function ifKeys(e: ErrorObject): string[] {
  const cond = (e.parentSchema as { if?: { properties?: Record<string, unknown> } } | undefined)?.if?.properties;
  return Object.keys(cond ?? {});
}

/** The violations of a version's values.schema.json by the merged values (none where the version has no schema). */
export function schemaViolations(version: string, values: Json): SchemaViolation[] {
  const validate = validatorFor(version);
  if (!validate || validate(values)) return [];
  const errors = validate.errors ?? [];
  const conditions = new Map(errors.filter((e) => e.keyword === 'if').map((e) => [e.instancePath, ifKeys(e)]));
  const out = new Map<string, SchemaViolation>();
  for (const e of errors) {
    const path = pointer(e.instancePath);
    if (e.keyword === 'additionalProperties') path.push(String((e.params as { additionalProperty: string }).additionalProperty));
    let text = problem(e);
    if (text === undefined) continue;
    const parent = e.instancePath.slice(0, e.instancePath.lastIndexOf('/'));
    const cause = e.schemaPath.includes('/then/') ? conditions.get(parent) : undefined;
    if (cause?.length) text = `${text} when \`${cause.join('`, `')}\` is set (the chart takes one of them)`;
    const key = JSON.stringify(path);
    if (!out.has(key)) out.set(key, { path, problem: text });
  }
  return [...out.values()];
}
