/** A values key the release's chart version neither declares nor reads: Helm ignores it silently. */
import { definePolicy } from './define.js';
import { unknownKeys, type KeyHint } from './facts/unknown-keys.js';

type Unknown = { path: string; version: string };

const ignored = ({ path, version }: Unknown) => `${path} is not a value of chart datadog ${version}: Helm ignores it, so what it sets never takes effect.`;

export default definePolicy({
  id: 'unknown-values-key',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    spelling: (u: Unknown & { meant: string }) => `${ignored(u)} Did you mean ${u.meant}?`,
    moved: (u: Unknown & { meant: string; levels: -1 | 0 | 1 }) =>
      `${ignored(u)} Did you mean ${u.meant}${u.levels === -1 ? ' (nested one level too deep)' : u.levels === 1 ? ' (one level further down)' : ''}?`,
    umbrella: (u: Unknown & { meant: string }) =>
      `${ignored(u)} Did you mean ${u.meant}? In an umbrella chart the \`datadog:\` block is the datadog subchart's root; these values hold it one level too deep.`,
    versions: (u: Unknown & { ranges: string }) => `${ignored(u)} It is read by chart ${u.ranges}; you use ${u.version}.`,
    noHint: (u: Unknown) => `${ignored(u)} Check it against the chart's values.yaml for ${u.version}.`,
  },
  check: (model, { messages }) =>
    model.releases.flatMap(unknownKeys).map((u) => ({ message: wording(messages, u, u.hint), origin: u.origin })),
});

type Wordings = {
  spelling: (u: Unknown & { meant: string }) => string;
  moved: (u: Unknown & { meant: string; levels: -1 | 0 | 1 }) => string;
  umbrella: (u: Unknown & { meant: string }) => string;
  versions: (u: Unknown & { ranges: string }) => string;
  noHint: (u: Unknown) => string;
};

function wording(messages: Wordings, u: Unknown, hint: KeyHint | undefined): string {
  switch (hint?.kind) {
    case 'spelling':
      return messages.spelling({ ...u, meant: hint.path });
    case 'moved':
      return hint.umbrella ? messages.umbrella({ ...u, meant: hint.path }) : messages.moved({ ...u, meant: hint.path, levels: hint.levels });
    case 'versions':
      return messages.versions({ ...u, ranges: hint.ranges });
    default:
      return messages.noHint(u);
  }
}
