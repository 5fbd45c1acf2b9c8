import type { Model } from '../model/types.js';
import type { RuleHit } from '../model/finding.js';

/** A check as the engine runs it: the model and the policy's options from the config, to what it found (the engine adds the policy's metadata). */
export type Rule = (model: Model, options: Record<string, unknown>) => RuleHit[];
