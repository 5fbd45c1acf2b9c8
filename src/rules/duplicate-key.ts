/** A key written twice in one mapping of a values file or a manifest: YAML keeps the last, silently (kubectl's strict field validation refuses it). */
import { definePolicy } from './define.js';
import { related } from './facts/agent-facts.js';

export default definePolicy({
  id: 'duplicate-key',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'both', kinds: [] },
  messages: {
    duplicate: ({ path, firstLine }: { path: string; firstLine: number }) => `${path} is written twice; the value at line ${firstLine} is ignored and this one wins.`,
  },
  check: (model, { messages }) =>
    model.duplicateKeys.map((d) => ({
      message: messages.duplicate({ path: d.path, firstLine: d.first.line }),
      origin: d.origin,
      related: [related(d.first, `first ${d.path}, ignored`)],
    })),
});
