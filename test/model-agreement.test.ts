/**
 * The model built from each fixture's values.yaml must agree with the one read off the real
 * chart's rendering of it (rendered.yaml) on every fact the rules use, and so must the findings.
 */
import t from 'tap';
import { POLICY_MODULES } from '../src/rules/registry.generated.js';
import { run } from '../src/engine/run.js';
import type { Model } from '../src/model/types.js';
import { effectiveEnv, mainContainers } from '../src/rules/facts/agent-facts.js';
import { fixtures } from './helpers/fixtures.js';

/** Env vars some rule reads. */
const RULE_ENV = [
  'DD_SKIP_SSL_VALIDATION',
  'DD_KUBELET_TLS_VERIFY',
  'DD_CLUSTER_AGENT_AUTH_TOKEN',
  'DD_ADMISSION_CONTROLLER_ENABLED',
  'DD_ADMISSION_CONTROLLER_MUTATION_ENABLED',
  'DD_ADMISSION_CONTROLLER_INJECT_CONFIG_MODE',
];
/** Values-only rules: their facts (quoting, duplicate keys, render errors) leave no trace in rendered objects. */
const VALUES_ONLY = new Set<string>(Object.values(POLICY_MODULES).filter((m) => m.scope.reads === 'values').map((m) => m.id));

function facts(model: Model) {
  return model.workloads
    .filter((w) => w.role === 'node-agent' || w.role === 'cluster-agent')
    .map((w) => ({
      role: w.role,
      object: `${w.ref.kind} ${w.ref.namespace}/${w.ref.name}`,
      hostNetwork: w.hostNetwork.value,
      containers: mainContainers(w).map((c) => ({
        name: c.name,
        ports: c.ports.map((p) => `${p.containerPort}/${p.protocol}${p.hostPort ? ` hostPort ${p.hostPort}` : ''}`).sort(),
        env: Object.fromEntries(
          RULE_ENV.flatMap((name) => {
            const env = effectiveEnv(c, name);
            if (!env) return [];
            return [[name, env.secretKeyRef ? `secret ${env.secretKeyRef.name}/${env.secretKeyRef.key}` : (env.value ?? env.fieldRef)]];
          }),
        ),
        mounts: c.volumeMounts.map((m) => m.mountPath).filter((p) => p.startsWith('/var/run/secrets')),
      })),
    }));
}

/** Datadog Services (the operator subchart's are not modelled from values). */
const services = (model: Model) =>
  model.services
    .filter((s) => s.ref.name.startsWith('datadog') && !s.ref.name.includes('operator'))
    .map((s) => `${s.ref.namespace}/${s.ref.name} ${s.type} ${s.ports.map((p) => `${p.port}/${p.protocol}${p.nodePort ? `:${p.nodePort}` : ''}`).sort().join(',')}`)
    .sort();

const tokenLengths = (model: Model) =>
  model.secrets.filter((s) => s.ref.name.endsWith('cluster-agent')).map((s) => `${s.ref.name}: ${s.entries.find((e) => e.key === 'token')?.length}`);

for (const fixture of fixtures()) {
  t.test(fixture.name, async (t) => {
    const fromValues = await run({ files: [fixture.values], values: [], sets: [], chartVersion: fixture.chartVersion });
    const fromRendered = await run({ files: [fixture.rendered], values: [], sets: [] });
    t.ok(fromValues.model.workloads.some((w) => w.role === 'node-agent'), 'values model has the agent DaemonSet');
    t.same(facts(fromValues.model), facts(fromRendered.model), 'agent and cluster-agent facts agree');
    t.same(services(fromValues.model), services(fromRendered.model), 'Datadog Services agree');
    t.same(tokenLengths(fromValues.model), tokenLengths(fromRendered.model), 'cluster-agent token length agrees');
    const summary = (r: typeof fromValues) => r.findings.filter((f) => !VALUES_ONLY.has(f.ruleId)).map((f) => `${f.ruleId} ${f.severity}`);
    t.same(summary(fromValues), summary(fromRendered), 'same rule ids and severities from values and rendering');
  });
}
