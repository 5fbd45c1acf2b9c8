/**
 * Custom policies without code (like Polaris checks): a policy YAML with the same fields as the
 * built-in ones plus `target` and `match`, a JSON Schema evaluated by ajv; every target that
 * validates against it is a finding. Loaded from --policies DIR or the config's customPolicies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy, PolicyWithExamples } from './types.js';
import { validate } from '../generated-validators/policy.js';
import { InputError } from '../load/input-error.js';
import { parseYamlDocuments } from '../load/yaml-documents.js';
import { locate } from '../load/values.js';
import type { Rule } from '../rules/types.js';
import type { RuleHit } from '../model/finding.js';
import type { Container, Model, Workload } from '../model/types.js';
import { objectName } from '../rules/facts/agent-facts.js';

export interface CustomPolicies {
  policies: PolicyWithExamples[];
  checks: Map<string, Rule>;
}

interface AjvError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

type Target = NonNullable<Policy['target']>;

function readPolicyFile(file: string): PolicyWithExamples {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the policy file`);
  }
  const doc = parseYamlDocuments(file, text, { version: '1.2' })[0];
  if (!validate(doc?.value)) {
    const error = (validate as unknown as { errors: AjvError[] }).errors[0]!;
    const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'policy';
    const extra = error.params.additionalProperty ? ` "${String(error.params.additionalProperty)}"` : '';
    throw new InputError(`${file}: invalid policy: ${where} ${error.message}${extra} (see schemas/policy.schema.json)`);
  }
  const policy = doc!.value as PolicyWithExamples;
  if (!policy.match || !policy.target) throw new InputError(`${file}: invalid policy: a custom policy needs \`target\` and \`match\` (a JSON Schema)`);
  return policy;
}

const containerTarget = (w: Workload, c: Container) => ({
  name: c.name,
  image: c.image ?? null,
  init: c.init,
  env: c.env.map((e) => ({ name: e.name, value: e.value ?? null, fieldRef: e.fieldRef ?? null, secretKeyRef: e.secretKeyRef ?? null })),
  ports: c.ports.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort ?? null, protocol: p.protocol, name: p.name ?? null })),
  volumeMounts: c.volumeMounts.map((m) => ({ name: m.name, mountPath: m.mountPath })),
  pod: { hostNetwork: w.hostNetwork.value, serviceAccountName: w.serviceAccountName ?? null, role: w.role },
  object: { kind: w.ref.kind, name: w.ref.name, namespace: w.ref.namespace },
});

const podTarget = (w: Workload) => ({
  kind: w.ref.kind,
  name: w.ref.name,
  namespace: w.ref.namespace,
  role: w.role,
  hostNetwork: w.hostNetwork.value,
  serviceAccountName: w.serviceAccountName ?? null,
  containers: w.containers.map((c) => containerTarget(w, c)),
});

function message(policy: Policy, vars: Record<string, string>, fallback: string): string {
  return (policy.message ?? policy.summary ?? fallback).replace(/\{(name|kind|namespace|container)\}/g, (_, k: string) => vars[k] ?? '');
}

function compileCheck(policy: Policy, test: (value: unknown) => boolean): Rule {
  const target: Target = policy.target!;
  return (model: Model): RuleHit[] => {
    switch (target) {
      case 'values':
        return model.releases.filter((r) => test(r.values)).map((r) => ({ message: message(policy, {}, policy.title), origin: locate(r, (policy.at ?? '').split('.').filter(Boolean)) }));
      case 'object':
        return model.objects
          .filter((o) => test(o.value))
          .map((o) => ({ message: message(policy, { ...o.ref }, `${o.ref.kind} ${o.ref.namespace}/${o.ref.name}`), origin: o.origin, object: o.ref }));
      case 'pod':
        return model.workloads.filter((w) => test(podTarget(w))).map((w) => ({ message: message(policy, { ...w.ref }, objectName(w)), origin: w.origin, object: w.ref }));
      case 'container':
        return model.workloads.flatMap((w) =>
          w.containers
            .filter((c) => test(containerTarget(w, c)))
            .map((c) => ({ message: message(policy, { ...w.ref, container: c.name }, `${objectName(w)} container ${c.name}`), origin: c.origin, object: w.ref, container: c.name })),
        );
    }
  };
}

/** Every *.yaml policy under the given directories; a broken one is an exit-2 error naming the file. */
export async function loadCustomPolicies(dirs: string[], builtinIds: Set<string>): Promise<CustomPolicies> {
  const out: CustomPolicies = { policies: [], checks: new Map() };
  if (dirs.length === 0) return out;
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ allErrors: false, strict: false });
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch {
      throw new InputError(`--policies ${dir}: no such directory`);
    }
    for (const name of names) {
      const file = join(dir, name);
      const policy = readPolicyFile(file);
      if (builtinIds.has(policy.id) || out.checks.has(policy.id)) throw new InputError(`${file}: policy id "${policy.id}" is already defined`);
      let test: (value: unknown) => boolean;
      try {
        const compiled = ajv.compile(policy.match!);
        test = (value) => compiled(value) === true;
      } catch (err) {
        throw new InputError(`${file}: invalid policy: match is not a valid JSON Schema: ${(err as Error).message.split('\n')[0]}`);
      }
      out.policies.push(policy);
      out.checks.set(policy.id, compileCheck(policy, test));
    }
  }
  return out;
}
