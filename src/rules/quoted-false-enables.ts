/** A quoted "false" in values: a non-empty string, which the chart's Go templates treat as true. */
import { definePolicy } from './define.js';

export default definePolicy({
  id: 'quoted-false-enables',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    quoted: ({ path, value }: { path: string; value: string }) => `${path} is the string "${value}", which Go templates treat as true: the chart turns this feature ON. Write ${path}: false (unquoted).`,
  },
  check: (model, { messages }) => model.quotedFalse.map((q) => ({ message: messages.quoted({ path: q.path, value: q.value }), origin: q.origin })),
});
