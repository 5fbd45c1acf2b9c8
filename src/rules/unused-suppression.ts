/**
 * A `# dd-lint-disable` comment that suppresses nothing. The engine reports it after every other
 * policy ran (it needs their findings), so its check finds nothing on the model.
 */
import { definePolicy } from './define.js';

export default definePolicy({
  id: 'unused-suppression',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'both', kinds: [] },
  messages: {
    unused: ({ nextLine, ids }: { nextLine: boolean; ids: string[] }) =>
      `This dd-lint-disable${nextLine ? '-next-line' : ''} comment${ids.length ? ` for ${ids.join(', ')}` : ''} suppresses nothing: remove it, or fix its policy id or line.`,
  },
  check: () => [],
});
