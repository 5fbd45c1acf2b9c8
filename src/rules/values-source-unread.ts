/** A values source a GitOps wrapper names (a valueFiles entry, a valuesFrom object) that dd-lint could not read. */
import { definePolicy } from './define.js';

export default definePolicy({
  id: 'values-source-unread',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    unread: ({ source, reason }: { source: string; reason: string }) =>
      `${source} was not read: ${reason}; the release is linted without the values it holds.`,
  },
  check: (model, { messages }) => model.unreadSources.map((u) => ({ message: messages.unread({ source: u.source, reason: u.reason }), origin: u.origin })),
});
