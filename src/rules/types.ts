import type { Model } from '../model/types.js';
import type { RuleHit } from '../model/finding.js';

/** A rule reads the model and returns what it found; the engine adds the policy's metadata. */
export type Rule = (model: Model) => RuleHit[];
