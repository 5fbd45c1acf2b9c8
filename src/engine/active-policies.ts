/**
 * The policies a run applies: built-in and custom, minus the ones the config turns off, with the
 * config's severity and options, each with the check that implements it.
 */
import type { Policy, Severity } from '../policy/types.js';
import type { Config, PolicySetting } from '../generated/config.js';
import type { Rule } from '../rules/types.js';
import { policyModule } from '../policy/load.js';

export interface ActivePolicy {
  policy: Policy;
  severity: Severity;
  options: Record<string, unknown>;
  check: Rule;
}

function setting(config: Config, id: string): { enabled: boolean; severity?: Severity; options: Record<string, unknown> } {
  const s = (config.policies as Record<string, PolicySetting | undefined> | undefined)?.[id];
  if (s === undefined) return { enabled: true, options: {} };
  if (s === 'off') return { enabled: false, options: {} };
  if (typeof s === 'string') return { enabled: true, severity: s, options: {} };
  return { enabled: s.enabled !== false, ...(s.severity ? { severity: s.severity } : {}), options: (s as { options?: Record<string, unknown> }).options ?? {} };
}

/** A built-in policy's check with its messages bound. */
function builtinCheck(id: string): Rule | undefined {
  const module = policyModule(id);
  return module && ((model, options) => module.check(model, { options, messages: module.messages }));
}

/** `checks` gives the check of a policy that has no module (a custom JSON-Schema policy). */
export function activePolicies(policies: Policy[], config: Config, checks: Map<string, Rule> = new Map()): ActivePolicy[] {
  return policies.flatMap((policy) => {
    const check = builtinCheck(policy.id) ?? checks.get(policy.id);
    const s = setting(config, policy.id);
    if (!check || !s.enabled) return [];
    return [{ policy, severity: s.severity ?? policy.severity, options: s.options, check }];
  });
}
