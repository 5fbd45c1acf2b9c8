/**
 * The policies a run applies: built-in and custom, minus the ones the config turns off, with the
 * config's severity and options, each with the check that implements it.
 */
import type { Policy, Severity } from '../generated/policy.js';
import type { Config, PolicyOptions, PolicySetting } from '../generated/config.js';
import type { Rule } from '../rules/types.js';
import { RULES } from '../rules/index.js';

export interface ActivePolicy {
  policy: Policy;
  severity: Severity;
  options: PolicyOptions;
  check: Rule;
}

function setting(config: Config, id: string): { enabled: boolean; severity?: Severity; options: PolicyOptions } {
  const s: PolicySetting | undefined = config.policies?.[id];
  if (s === undefined) return { enabled: true, options: {} };
  if (s === 'off') return { enabled: false, options: {} };
  if (typeof s === 'string') return { enabled: true, severity: s, options: {} };
  return { enabled: s.enabled !== false, ...(s.severity ? { severity: s.severity } : {}), options: s.options ?? {} };
}

/** `checks` gives the check of a policy that has no built-in rule (a custom JSON-Schema policy). */
export function activePolicies(policies: Policy[], config: Config, checks: Map<string, Rule> = new Map()): ActivePolicy[] {
  return policies.flatMap((policy) => {
    const check = RULES[policy.id] ?? checks.get(policy.id);
    const s = setting(config, policy.id);
    if (!check || !s.enabled) return [];
    return [{ policy, severity: s.severity ?? policy.severity, options: s.options, check }];
  });
}
