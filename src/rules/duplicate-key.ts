import type { Rule } from './types.js';
import { related } from './agent-facts.js';

export const duplicateKey: Rule = (model) =>
  model.duplicateKeys.map((d) => ({
    message: `${d.path} is written twice; the value at line ${d.first.line} is ignored and this one wins.`,
    origin: d.origin,
    related: [related(d.first, `first ${d.path}, ignored`)],
  }));
