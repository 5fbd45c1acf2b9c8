/**
 * The chart's provider settings (GKE Autopilot, GDC, AKS, ...) change what it renders: the values
 * model must reach the same facts, so values and their real rendering get the same findings (see
 * test/fixtures/provider-renderings/README.md).
 */
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/engine/run.js';
import { POLICY_MODULES } from '../src/rules/registry.generated.js';

const DIR = fileURLToPath(new URL('../../test/fixtures/provider-renderings/', import.meta.url));
const APP = join(DIR, 'app.yaml');
/** Values-only rules: their facts leave no trace in rendered objects. */
const VALUES_ONLY = new Set<string>(Object.values(POLICY_MODULES).filter((m) => m.scope.reads === 'values').map((m) => m.id));

/** What each case must show (the hostip findings), so that agreeing on nothing cannot pass. */
const HOSTIP_FINDINGS: Record<string, string[]> = {
  'gke-autopilot': ['apm-hostip-unreachable error', 'dogstatsd-hostip-unreachable error'],
  'gke-autopilot-csi-3.123.3': ['apm-hostip-unreachable error', 'dogstatsd-hostip-unreachable error'],
};

const cases = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

t.ok(cases.length >= 8, `${cases.length} provider cases`);

for (const name of cases) {
  t.test(name, async (t) => {
    const chartVersion = /charts\/datadog@([\d.]+)/.exec(readFileSync(join(DIR, name, 'cmd.txt'), 'utf8'))![1]!;
    const fromValues = await run({ files: [join(DIR, name, 'values.yaml'), APP], values: [], sets: [], chartVersion });
    const fromRendered = await run({ files: [join(DIR, name, 'rendered.yaml'), APP], values: [], sets: [] });
    const shown = (r: typeof fromValues) =>
      r.findings
        .filter((f) => !VALUES_ONLY.has(f.ruleId))
        .map((f) => `${f.ruleId} ${f.severity} ${f.message}`)
        .sort();
    t.same(shown(fromValues), shown(fromRendered), 'the same findings from the values and from their rendering');
    const hostip = shown(fromRendered).filter((f) => f.includes('hostip-unreachable')).map((f) => f.split(' ').slice(0, 2).join(' '));
    t.same(hostip, HOSTIP_FINDINGS[name] ?? [], 'the hostip findings the chart makes for this setting');
  });
}
