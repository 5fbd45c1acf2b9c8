/**
 * The chart's "Conflicting socket host path" banner: DogStatsD's and APM's sockets share a parent
 * directory in the container but come from two different host directories. The condition compares
 * keys with each other (Go's path.Dir of two values), which a JSON Schema cannot express.
 */
import { posix } from 'node:path';
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { related } from './facts/agent-facts.js';
import { goString } from '../model/from-values/go-truthy.js';

const BANNER = 'Conflicting socket host path';

/** Go's path.Dir: everything before the last slash, cleaned (`/a/b/` → `/a/b`, `sock` → `.`). */
function goDir(path: string): string {
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  if (head === '') return '.';
  const clean = posix.normalize(head);
  return clean.length > 1 ? clean.replace(/\/$/, '') : clean;
}

export default definePolicy({
  id: 'notice-socket-host-path-conflict',
  severity: 'error',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    conflict: ({ dir, dogstatsd, apm }: { dir: string; dogstatsd: string; apm: string }) =>
      `DogStatsD and APM sockets share the container directory ${dir} but come from different host directories (${dogstatsd} and ${apm}): the agent pod mounts two host paths at one path and is rejected.`,
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      const text = (path: string) => goString(valueAt(release.values, path));
      const dir = goDir(text('datadog.dogstatsd.socketPath'));
      const dogstatsd = text('datadog.dogstatsd.hostSocketPath');
      const apm = text('datadog.apm.hostSocketPath');
      if (dir !== goDir(text('datadog.apm.socketPath')) || dogstatsd === apm) return [];
      const origin = noticeOrigin(release, ['datadog.apm.hostSocketPath', 'datadog.dogstatsd.hostSocketPath']);
      const other = noticeOrigin(release, origin.valuesPath === 'datadog.apm.hostSocketPath' ? ['datadog.dogstatsd.hostSocketPath'] : ['datadog.apm.hostSocketPath']);
      return [{ message: messages.conflict({ dir, dogstatsd, apm }), origin, related: [related(other, 'the other socket\'s host directory')] }];
    }),
});
