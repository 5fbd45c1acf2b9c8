/** A policy as a run applies it: its file's text with the severity and category its module (or a custom policy's file) gives. */
import type { PolicyFile, Severity } from '../generated/policy.js';
import type { Category } from '../rules/define.js';

export type { Severity };

/** Without its examples: the tests and the docs read those from the policy files. */
export interface Policy extends Omit<PolicyFile, 'examples'> {
  severity: Severity;
  category: Category;
}

/** A policy with its examples (a custom policy's file, or a built-in one's for the tests and the docs). */
export type PolicyWithExamples = Policy & Pick<PolicyFile, 'examples'>;
