import type { Rule } from './types.js';

export const chartRenderFailure: Rule = (model) => model.renderFailures.map((f) => ({ message: f.message, origin: f.origin }));
