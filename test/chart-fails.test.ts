/**
 * The chart's fail guards and values.schema.json (chart-render-failure), without the chart:
 * - dd-lint agrees with helm's verdicts recorded in test/fixtures/chart-fails/outcomes.json (by
 *   test/oracle/chart-fails.test.ts, from the real chart) on every example;
 * - every `fail` call of the newest bundled chart version (src/chart/data/datadog.fails.json) is
 *   modelled, reported by another part of the policy or by a notice policy, or listed as not checked with a reason: a
 *   chart refresh that brings a new guard fails here until it is looked at.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/helm.js';
import { FAIL_GUARDS, FAILS_REPORTED_BY_NOTICES, FAILS_REPORTED_ELSEWHERE, UNCHECKED_FAILS, failsData } from '../src/chart/fail-guards.js';
import { ddLintVerdicts, examples, outcomes, parityIds, versionsFor, withBase } from './helpers/chart-fails.js';
import { lintExample } from './helpers/lint-text.js';

t.test("dd-lint agrees with helm's recorded verdict on every example", async (t) => {
  const ex = examples();
  const recorded = outcomes();
  const disagreements: string[] = [];
  let compared = 0;
  for (const id of parityIds()) {
    t.ok(recorded[id], `${id} has recorded verdicts`);
    t.same(Object.keys(recorded[id]?.fails ?? {}), versionsFor(id), `${id}: recorded on the versions the oracle renders`);
    for (const kind of ['fails', 'renders'] as const) {
      for (const [version, verdict] of Object.entries(recorded[id]?.[kind] ?? {})) {
        compared++;
        const predicted = await ddLintVerdicts(withBase(ex[id]![kind]), version);
        if (!predicted.has(verdict)) disagreements.push(`${id} ${kind} on ${version}: helm ${verdict}, dd-lint ${[...predicted].join(' ')}`);
        if (kind === 'fails' && verdict === 'renders' && !id.startsWith('never-')) disagreements.push(`${id}: the failing example renders on ${version}`);
      }
    }
  }
  t.same(disagreements, []);
  t.ok(compared >= parityIds().length * 2, `${compared} verdicts compared`);
});

t.test('every fail call of the newest chart is accounted for', async (t) => {
  const { newest, fails } = failsData();
  const modelled = new Set([...FAIL_GUARDS, ...FAILS_REPORTED_BY_NOTICES].flatMap((g) => g.fingerprints));
  const unchecked = new Set(UNCHECKED_FAILS.flatMap((u) => u.fingerprints));
  const missing = newest.fails.filter((f) => !modelled.has(f.fingerprint) && !(f.fingerprint in FAILS_REPORTED_ELSEWHERE) && !unchecked.has(f.fingerprint));
  t.same(missing, [], `chart ${newest.version}: fail calls with no guard in src/chart/fail-guards.ts`);
  const known = new Set(fails.map((f) => f.fingerprint));
  const stale = [...modelled, ...unchecked, ...Object.keys(FAILS_REPORTED_ELSEWHERE)].filter((p) => !known.has(p));
  t.same(stale, [], 'every fingerprint named in src/chart/fail-guards.ts is a fail call of some bundled version');
  t.equal(newest.fails.length, 46, `chart ${newest.version} has 46 fail calls`);
});

t.test('docs/chart-guards.md lists them as the data says (npm run docs)', async (t) => {
  const script = (await import(pathToFileURL(join(repoRoot(), 'scripts', 'gen-chart-guards-doc.mjs')).href)) as { renderChartGuardsDoc(): Promise<string>; PAGE: string };
  t.equal(readFileSync(join(repoRoot(), script.PAGE), 'utf8'), await script.renderChartGuardsDoc());
});

/** What a user sees from the guards modelled last: the failure at the key to change, and nothing on values that come close. */
t.test('image, OTel and migration guards: exact findings', async (t) => {
  const KEY = '  apiKey: 0123456789abcdef0123456789abcdef';
  const stops = (why: string, version = '3.240.0') => `chart datadog ${version} stops with an error: ${why}; helm template/install aborts.`;
  const cases: { name: string; lines: string[]; version?: string; policy?: string; want: [number, number, string, string][] }[] = [
    {
      name: 'FIPS with the -full agent image before 7.78',
      lines: ['datadog:', KEY, 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.77.0', '    tagSuffix: full'],
      want: [[7, 5, 'error', stops('FIPS images (useFIPSAgent) with agents.image.tagSuffix "full" exist only from agent 7.78.0 on; upgrade agents.image.tag, drop the suffix or turn useFIPSAgent off')]],
    },
    { name: 'FIPS with the -full agent image from 7.78', lines: ['datadog:', KEY, 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.78.0', '    tagSuffix: full'], want: [] },
    {
      name: 'FIPS with a -full cluster checks runner image before 7.78',
      lines: ['datadog:', KEY, '  clusterChecks:', '    enabled: true', 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.77.0', 'clusterChecksRunner:', '  enabled: true', '  image:', '    tagSuffix: full'],
      want: [[12, 5, 'error', stops('FIPS images (useFIPSAgent) with clusterChecksRunner.image.tagSuffix "full" exist only from agent 7.78.0 on (the chart compares agents.image.tag); upgrade it, drop the suffix or turn useFIPSAgent off')]],
    },
    { name: 'a -full cluster checks runner image the chart does not deploy', lines: ['datadog:', KEY, 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.77.0', 'clusterChecksRunner:', '  enabled: false', '  image:', '    tagSuffix: full'], want: [] },
    {
      name: 'FIPS with a -full cluster agent image before agent 7.78',
      lines: ['datadog:', KEY, 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.77.0', 'clusterAgent:', '  image:', '    tagSuffix: full'],
      want: [[9, 5, 'error', stops('FIPS images (useFIPSAgent) with clusterAgent.image.tagSuffix "full" are refused before agent 7.78.0 (the chart compares agents.image.tag); drop the suffix or turn useFIPSAgent off')]],
    },
    { name: 'the agent tag check skipped', lines: ['datadog:', KEY, 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.77.0', '    doNotCheckTag: true', 'clusterAgent:', '  image:', '    tagSuffix: full'], want: [] },
    {
      name: 'a -full agent tag with the standalone OTel collector',
      lines: ['datadog:', KEY, '  otelCollector:', '    enabled: true', 'agents:', '  image:', '    tag: 7.70.0-full'],
      want: [[7, 5, 'error', stops('an agents.image.tag ending in "-full" (7.67.0 or newer) cannot go with datadog.otelCollector.useStandaloneImage: true, which gives the OTel collector its own image; drop "-full" from the tag or set useStandaloneImage: false')]],
    },
    { name: 'a -full agent tag before 7.67 with the standalone OTel collector', lines: ['datadog:', KEY, '  otelCollector:', '    enabled: true', 'agents:', '  image:', '    tag: 7.66.0-full'], want: [] },
    {
      name: 'the standalone OTel collector with agent 7.66',
      lines: ['datadog:', KEY, '  otelCollector:', '    enabled: true', 'agents:', '  image:', '    tag: 7.66.1'],
      want: [[7, 5, 'error', stops('the standalone OTel collector image (datadog.otelCollector.useStandaloneImage) needs agent 7.67.0 or newer (agents.image.tag); upgrade the agent, or set useStandaloneImage: false and agents.image.tagSuffix: full')]],
    },
    { name: 'agent 7.66 without the OTel collector', lines: ['datadog:', KEY, 'agents:', '  image:', '    tag: 7.66.1'], want: [] },
    {
      name: 'FIPS with the standalone OTel collector before 7.78',
      lines: ['datadog:', KEY, '  otelCollector:', '    enabled: true', 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.77.0'],
      want: [[8, 5, 'error', stops('the FIPS image (useFIPSAgent) of the standalone OTel collector exists only from agent 7.78.0 on; upgrade agents.image.tag, or turn useFIPSAgent or datadog.otelCollector.useStandaloneImage off')]],
    },
    { name: 'FIPS with the standalone OTel collector from 7.78', lines: ['datadog:', KEY, '  otelCollector:', '    enabled: true', 'useFIPSAgent: true', 'agents:', '  image:', '    tag: 7.78.0'], want: [] },
    {
      name: 'a -full OTel gateway tag',
      lines: ['datadog:', KEY, 'otelAgentGateway:', '  enabled: true', '  image:', '    tag: 7.70.0-full'],
      want: [[6, 5, 'error', stops('the OTel agent gateway has no "-full" image (otelAgentGateway.image.tagSuffix, otelAgentGateway.image.tag, or the agents.image.tag it falls back to); use the plain tag')]],
    },
    {
      name: 'an OTel gateway on a -full agent tag (chart 3.160.0 on)',
      lines: ['datadog:', KEY, 'agents:', '  image:', '    tag: 7.70.0-full', 'otelAgentGateway:', '  enabled: true'],
      want: [[5, 5, 'error', stops('the OTel agent gateway has no "-full" image (otelAgentGateway.image.tagSuffix, otelAgentGateway.image.tag, or the agents.image.tag it falls back to); use the plain tag')]],
    },
    { name: 'an OTel gateway with its own tag before chart 3.160.0', version: '3.150.0', lines: ['datadog:', KEY, 'agents:', '  image:', '    tag: 7.70.0-full', 'otelAgentGateway:', '  enabled: true'], want: [] },
    {
      name: 'an OTel gateway before 7.67',
      lines: ['datadog:', KEY, 'otelAgentGateway:', '  enabled: true', '  image:', '    tag: 7.66.0'],
      want: [[6, 5, 'error', stops('the OTel agent gateway needs 7.67.0 or newer (otelAgentGateway.image.tag, or agents.image.tag when it is empty)')]],
    },
    { name: 'an OTel gateway before 7.67, check skipped', lines: ['datadog:', KEY, 'otelAgentGateway:', '  enabled: true', '  image:', '    tag: 7.66.0', '    doNotCheckTag: true'], want: [] },
    {
      name: 'FIPS with an OTel gateway before 7.78',
      lines: ['datadog:', KEY, 'useFIPSAgent: true', 'otelAgentGateway:', '  enabled: true', '  image:', '    tag: 7.77.0'],
      want: [[7, 5, 'error', stops('the FIPS image (useFIPSAgent) of the OTel agent gateway exists only from 7.78.0 on; upgrade otelAgentGateway.image.tag (or agents.image.tag when it is empty), or turn useFIPSAgent off')]],
    },
    { name: 'FIPS with an OTel gateway from 7.78', lines: ['datadog:', KEY, 'useFIPSAgent: true', 'otelAgentGateway:', '  enabled: true', '  image:', '    tag: 7.78.0'], want: [] },
    {
      name: 'the operator migration without userValues (an info: it assumes the CRD is served)',
      lines: ['datadog:', KEY, '  operator:', '    migration:', '      enabled: true', 'operator:', '  datadogCRDs:', '    keepCrds: true'],
      want: [
        [
          5,
          7,
          'info',
          "if the cluster already serves the DatadogAgent CRD (datadoghq.com/v2alpha1, once the operator's CRDs are installed), chart datadog 3.240.0 stops with an error: the migration to a DatadogAgent needs your values in datadog.operator.migration.userValues; pass your values file with --set-file datadog.operator.migration.userValues=<file>; helm install/upgrade aborts (dd-lint cannot see the cluster: an info).",
        ],
      ],
    },
    { name: 'the operator migration with userValues', lines: ['datadog:', KEY, '  operator:', '    migration:', '      enabled: true', '      userValues: "datadog: {}"', 'operator:', '  datadogCRDs:', '    keepCrds: true'], want: [] },
    {
      name: 'system probe on GKE Autopilot: the notice says what it assumes, chart-render-failure adds nothing',
      policy: 'notice-gke-autopilot-system-probe-version',
      lines: ['datadog:', KEY, '  networkMonitoring:', '    enabled: true', 'providers:', '  gke:', '    autopilot: true'],
      want: [[4, 5, 'info', 'on GKE Autopilot the system probe needs GKE 1.32.1-gke.1729000 or later: on an older cluster the install fails (assuming an older cluster)']],
    },
  ];
  for (const c of cases) {
    const policy = c.policy ?? 'chart-render-failure';
    const findings = await lintExample({ values: c.lines.join('\n') + '\n', chartVersion: c.version ?? '3.240.0' });
    const got = findings.filter((f) => f.ruleId === policy || f.ruleId === 'chart-render-failure').map((f) => [f.ruleId, f.location.line, f.location.column, f.severity, f.message]);
    t.same(got, c.want.map((w) => [policy, ...w]), c.name);
  }
});
