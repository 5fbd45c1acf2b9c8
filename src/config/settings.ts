/**
 * The effective settings of a run: the config file, then command-line flags over it. Relative
 * paths in the config resolve against the config file's directory. Policy ids the config names
 * must exist (built-in or custom), else exit 2 with the line.
 */
import { resolve } from 'node:path';
import { inputErrorAt } from '../load/input-error.js';
import { loadConfig, type LoadedConfig } from './load.js';
import { loadPolicies } from '../policy/load.js';
import type { CustomPolicies } from '../policy/custom.js';
import { activePolicies } from '../engine/active-policies.js';
import { DEFAULT_CHART_VERSION } from '../chart/defaults.js';
import type { RunOptions } from '../engine/run.js';

export interface CliOverrides {
  policyDirs: string[];
  chartVersion?: string;
  chart?: string;
  releaseName?: string;
  namespace?: string;
}

export interface Settings {
  runOptions: Omit<RunOptions, 'files' | 'values' | 'sets'>;
  /** What --print-config shows. */
  effective: Record<string, unknown>;
}

export async function settingsFrom(explicitConfig: string | undefined, useConfig: boolean, cwd: string, cli: CliOverrides): Promise<Settings> {
  const loaded: LoadedConfig = useConfig ? loadConfig(explicitConfig, cwd) : loadConfig(undefined, '/nonexistent-dd-lint-config-dir');
  const { config, dir } = loaded;
  const fromConfig = (path: string) => resolve(dir, path);
  const policyDirs = [...(config.customPolicies ?? []).map(fromConfig), ...cli.policyDirs.map((p) => resolve(cwd, p))];
  const builtin = loadPolicies();
  // Custom policies (and their schema's validator) are loaded only when a run names some.
  const custom: CustomPolicies = policyDirs.length === 0 ? { policies: [], checks: new Map() } : await (await import('../policy/custom.js')).loadCustomPolicies(policyDirs, new Set(builtin.map((p) => p.id)));
  const known = new Set([...builtin, ...custom.policies].map((p) => p.id));
  for (const [section, ids] of [
    [['policies'], Object.keys(config.policies ?? {})],
    [['webhook', 'policies'], Object.keys(config.webhook?.policies ?? {})],
  ] as const) {
    for (const id of ids) {
      if (known.has(id)) continue;
      const loc = loaded.locate([...section, id]);
      throw inputErrorAt(loc.file, loc.line, loc.column, `unknown policy "${id}" in the dd-lint config`);
    }
  }
  const chart = cli.chart ? resolve(cwd, cli.chart) : config.chart ? fromConfig(config.chart) : undefined;
  const chartVersion = cli.chartVersion ?? config.chartVersion;
  const release = { releaseName: cli.releaseName ?? config.release?.name ?? 'datadog', namespace: cli.namespace ?? config.release?.namespace ?? 'datadog' };
  const runOptions: Settings['runOptions'] = {
    config,
    custom,
    release,
    ...(chart ? { chart } : {}),
    ...(chartVersion ? { chartVersion } : {}),
    ...(config.ignore?.length ? { ignore: config.ignore, ignoreBase: dir } : {}),
  };
  const active = new Map(activePolicies([...builtin, ...custom.policies], config, new Map([...custom.checks, ['unused-suppression', () => []]])).map((a) => [a.policy.id, a]));
  const effective = {
    configFile: loaded.file ?? null,
    chart: chart ?? null,
    chartVersion: chart ? null : (chartVersion ?? DEFAULT_CHART_VERSION),
    release: { name: release.releaseName, namespace: release.namespace },
    customPolicies: policyDirs,
    ignore: config.ignore ?? [],
    policies: Object.fromEntries(
      [...builtin, ...custom.policies].map((p) => {
        const a = active.get(p.id);
        return [p.id, a ? { enabled: true, severity: a.severity, options: a.options } : { enabled: false }];
      }),
    ),
    webhook: { mode: config.webhook?.mode ?? 'enforce', policies: config.webhook?.policies ?? {}, excludeNamespaces: config.webhook?.excludeNamespaces ?? [] },
  };
  return { runOptions, effective };
}
