import type { Model } from '../model/types.js';
import type { RuleHit } from '../model/finding.js';
import type { PolicyOptions } from '../generated/config.js';

/** A rule reads the model (and its policy's options from the config) and returns what it found; the engine adds the policy's metadata. */
export type Rule = (model: Model, options: PolicyOptions) => RuleHit[];
