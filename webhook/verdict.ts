/**
 * From findings to an admission verdict: modes (enforce, warn, audit; per policy), what an UPDATE
 * introduces, and the texts the user sees (status.message when denied, one warning per finding).
 */
import type { Finding } from '../src/model/finding.js';
import type { Mode } from '../src/generated/config.js';
import { firstParagraph } from '../src/report/common.js';

export type { Mode };
export const MODES: readonly Mode[] = ['enforce', 'warn', 'audit'];

/** What happens to one finding. */
export type Action = 'deny' | 'warn' | 'audit';

export interface Judged {
  finding: Finding;
  action: Action;
  /** False for an UPDATE finding the old object had too. */
  introduced: boolean;
}

export interface ModeSettings {
  mode: Mode;
  /** Per-policy mode (config webhook.policies). */
  policies: Record<string, Mode>;
}

export interface JudgeOptions {
  /** Findings of the old object (UPDATE): only findings it did not have can deny. */
  old?: Finding[];
  /** Objects a controller creates (a Deployment's ReplicaSet, its Pods): their owner was judged; never deny them. */
  controlled?: boolean;
}

/**
 * Identity of a finding across an UPDATE: the policy and the container, not the message or the
 * field index (a token one character longer, an env entry moved, is the same problem).
 */
export const findingKey = (f: Finding): string => `${f.ruleId}\u001f${f.object ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : ''}\u001f${f.container ?? ''}`;

export function judge(findings: Finding[], settings: ModeSettings, options: JudgeOptions = {}): Judged[] {
  const before = options.old ? new Set(options.old.map(findingKey)) : undefined;
  return findings.map((finding) => {
    const mode = Object.hasOwn(settings.policies, finding.ruleId) ? settings.policies[finding.ruleId]! : settings.mode;
    const introduced = !before?.has(findingKey(finding));
    let action: Action;
    if (mode === 'audit') action = 'audit';
    else if (mode === 'enforce' && finding.severity === 'error' && introduced && !options.controlled) action = 'deny';
    else action = 'warn';
    return { finding, action, introduced };
  });
}

/** The API server's limits on warnings (k8s.io/apiserver WithWarningRecorder: truncateItemRunes, truncateAtTotalRunes). */
export const WARNING_MAX_RUNES = 256;
export const WARNINGS_MAX_TOTAL_RUNES = 4096;

/** Printable, one line (the Warning header refuses control characters), at most `max` characters. */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const runes = [...flat];
  return runes.length <= max ? flat : `${runes.slice(0, max - 1).join('').trimEnd()}…`;
}

/** One warning per finding, within the API server's limits (the last one says how many were left out). */
export function warnings(judged: Judged[]): string[] {
  const texts = judged
    .filter((j) => j.action === 'warn')
    .map((j) => oneLine(`dd-lint ${j.finding.severity} ${j.finding.ruleId}${j.introduced ? '' : ' (already there before this change)'}: ${j.finding.message}`, WARNING_MAX_RUNES));
  const out: string[] = [];
  let total = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const more = `dd-lint: ${texts.length - i} more warnings not shown`;
    const reserve = i < texts.length - 1 ? [...more].length : 0;
    if (total + [...text].length + reserve > WARNINGS_MAX_TOTAL_RUNES) {
      out.push(more);
      break;
    }
    out.push(text);
    total += [...text].length;
  }
  return out;
}

/** Findings detailed in a denial message (the rest are listed by policy id). */
export const MAX_DETAILED = 5;

/**
 * status.message of a denial. The API server prints it after `admission webhook "..." denied the
 * request: `, so its first line must stand alone: the object, the policy and the cause. Then the
 * field, why and the fix of each denying finding, and how to override. No secret values: findings
 * never hold them, and nothing of the object's content is quoted.
 */
export function denialMessage(describe: string, judged: Judged[], override: (ids: string) => string = annotationHint): string {
  const denied = judged.filter((j) => j.action === 'deny').map((j) => j.finding);
  const lines: string[] = [];
  denied.slice(0, MAX_DETAILED).forEach((f, i) => {
    const head = `${i === 0 ? `${describe}: ` : `${i + 1}. `}[${f.ruleId}] ${oneLine(f.message, 2000)}`;
    lines.push(head);
    const where = f.location.valuesPath;
    if (where) lines.push(`   at ${where}${f.location.fromDefault ? ' (a chart default you did not set)' : ''}`);
    lines.push(`   why: ${firstParagraph(f.why).replace(/:$/, '.')}`);
    lines.push(`   fix: ${f.fix.trim().split(/\n[ \t]*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).join(' ')}`);
  });
  const rest = denied.slice(MAX_DETAILED);
  if (rest.length > 0) lines.push(`and ${rest.length} more: ${[...new Set(rest.map((f) => f.ruleId))].join(', ')}`);
  const ids = [...new Set(denied.map((f) => f.ruleId))].join(',');
  lines.push(override(ids));
  return lines.join('\n');
}

export const annotationHint = (ids: string): string => `To accept the risk, annotate the object with dd-lint.io/ignore: "${ids} -- <reason>".`;
export const configHint = (ids: string): string =>
  `To accept the risk, set webhook.policies.<id>: warn for ${ids} in the dd-lint config (or disable the policy there).`;
