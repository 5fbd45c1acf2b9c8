import type { Rule } from './types.js';

export const quotedFalseEnables: Rule = (model) =>
  model.quotedFalse.map((q) => ({
    message: `${q.path} is the string "${q.value}", which Go templates treat as true: the chart turns this feature ON. Write ${q.path}: false (unquoted).`,
    origin: q.origin,
  }));
