/** The built-in policies: each policy's text (policies/<id>.yaml) joined with its module's metadata, and the policy files for tests and docs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyFile } from '../generated/policy.js';
import type { Policy, PolicyWithExamples } from './types.js';
import { POLICY_MODULES, POLICY_TEXTS, type BuiltinPolicyId } from '../rules/registry.generated.js';
import type { PolicyModule } from '../rules/define.js';
import { PACKAGE_ROOT } from '../package-root.js';

/** The built-in policies' YAML files, policies/ in the package. */
export const POLICIES_DIR = fileURLToPath(new URL('policies/', PACKAGE_ROOT));

export interface PolicyFileEntry {
  file: string;
  policy: PolicyFile;
}

/** The policy YAML files themselves (tests validate them against schemas/policy.schema.json). */
export async function loadPolicyFiles(dir: string = POLICIES_DIR): Promise<PolicyFileEntry[]> {
  const { parse } = await import('yaml');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(dir, f), policy: parse(readFileSync(join(dir, f), 'utf8')) as PolicyFile }));
}

export const BUILTIN_IDS = Object.keys(POLICY_MODULES) as BuiltinPolicyId[];

/** The module of a built-in policy, typed loosely (options and messages as the engine sees them). */
export function policyModule(id: string): PolicyModule<string, unknown, never> | undefined {
  return Object.hasOwn(POLICY_MODULES, id) ? (POLICY_MODULES[id as BuiltinPolicyId] as unknown as PolicyModule<string, unknown, never>) : undefined;
}

/** The built-in policies with their examples, read from their files (the tests and the docs). */
export async function loadPoliciesWithExamples(dir: string = POLICIES_DIR): Promise<PolicyWithExamples[]> {
  const meta = new Map(loadPolicies().map((p) => [p.id, p]));
  return (await loadPolicyFiles(dir)).map(({ policy }) => ({ ...policy, severity: meta.get(policy.id)!.severity, category: meta.get(policy.id)!.category }));
}

let builtin: Policy[] | undefined;

export function loadPolicies(): Policy[] {
  builtin ??= BUILTIN_IDS.map((id) => ({ ...POLICY_TEXTS[id], severity: POLICY_MODULES[id].severity, category: POLICY_MODULES[id].category }));
  return builtin;
}
