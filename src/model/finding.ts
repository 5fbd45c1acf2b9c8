import type { Location, Origin } from './location.js';
import type { ObjectRef } from './types.js';

export type { Severity } from '../generated/policy.js';
import type { Severity } from '../generated/policy.js';

export interface RelatedLocation extends Location {
  message: string;
}

/** What a rule reports: the engine adds the policy's severity, explanation and fix. */
export interface RuleHit {
  message: string;
  origin: Origin;
  object?: ObjectRef;
  container?: string;
  related?: RelatedLocation[];
  /** Overrides the policy's severity for this hit (a warning that becomes certain). */
  severity?: Severity;
  /** Overrides the policy's fix when the case calls for another: the setting where the user wrote it, the platform's way. */
  fix?: string;
  /**
   * Objects of releases that an object met from outside them was judged against (an app of the
   * manifests against the agents): when the input holds more than one release, the engine names
   * their releases in the message.
   */
  judgedAgainst?: ObjectRef[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  /** One line, self-contained; never a secret value. */
  message: string;
  location: Origin;
  object?: ObjectRef;
  container?: string;
  related: RelatedLocation[];
  why: string;
  fix: string;
  helpUri?: string;
  /**
   * Set when a suppression covers the finding. Suppressed findings do not count towards the exit
   * code or the summary and are not printed by stylish/github/junit; json and sarif keep them
   * (SARIF as `suppressions`, so code scanning shows them as dismissed).
   */
  suppression?: Suppressed;
}

export interface Suppressed {
  /** `comment`: # dd-lint-disable...; `annotation`: dd-lint.io/ignore. */
  kind: 'comment' | 'annotation';
  /** The reason written after `--`, if any. */
  justification?: string;
}
