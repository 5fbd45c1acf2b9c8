/** A policy whose check throws (a bug in a rule), next to the built-in ones: the webhook's error path. */
import type { ActivePolicy } from '../../src/engine/active-policies.js';
import { activePolicies } from '../../src/engine/active-policies.js';
import { loadPolicies } from '../../src/policy/load.js';
import type { Rule } from '../../src/rules/types.js';

export const THROWING_POLICY_ID = 'throwing-policy';

export const throwsAlways: Rule = () => {
  throw new TypeError("Cannot read properties of undefined (reading 'containers')");
};

/** The built-in policies plus one whose check is `check` (by default: it always throws). */
export function withThrowingPolicy(check: Rule = throwsAlways): ActivePolicy[] {
  const builtin = loadPolicies();
  const throwing = { ...builtin[0]!, id: THROWING_POLICY_ID, title: 'A policy whose check throws' };
  return [...activePolicies(builtin, {}), { policy: throwing, severity: 'error', options: {}, check }];
}
