/** Run the active policies over a model and turn their hits into findings with the policy's metadata. */
import type { Finding, Suppressed } from '../model/finding.js';
import type { Model, ObjectRef } from '../model/types.js';
import type { ActivePolicy } from './active-policies.js';
import { hasHelpPage, helpUri } from '../policy/help-uri.js';
import { parseSuppressions, suppressionFor, type Suppression } from './suppressions.js';

export interface LintOptions {
  /** Texts of the linted files by name, for inline suppressions. */
  sources: Map<string, string>;
}

export interface LintResult {
  /** Sorted; suppressed ones carry `suppression`. */
  findings: Finding[];
  /** Comment suppressions that suppressed nothing, by file. */
  unusedSuppressions: { file: string; suppression: Suppression }[];
}

export function lintModel(model: Model, policies: ActivePolicy[], options: LintOptions): LintResult {
  const suppressions = new Map<string, Suppression[]>();
  const suppressionsOf = (file: string) => {
    let list = suppressions.get(file);
    if (!list) suppressions.set(file, (list = parseSuppressions(options.sources.get(file) ?? '')));
    return list;
  };
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  for (const { policy, severity, options: policyOptions, check } of policies) {
    for (const hit of check(model, policyOptions)) {
      const comment = suppressionFor(suppressionsOf(hit.origin.file), policy.id, hit.origin.line);
      if (comment) used.add(comment);
      const annotation = hit.object && annotationFor(model, hit.object, policy.id);
      const suppression: Suppressed | undefined = comment
        ? { kind: 'comment', ...(comment.reason ? { justification: comment.reason } : {}) }
        : annotation
          ? { kind: 'annotation', ...(annotation.reason ? { justification: annotation.reason } : {}) }
          : undefined;
      findings.push({
        ruleId: policy.id,
        severity: hit.severity && severity === policy.severity ? hit.severity : severity,
        title: policy.title,
        message: model.releases.length > 1 ? withRelease(hit.message, hit.judgedAgainst) : hit.message,
        location: hit.origin,
        ...(hit.object ? { object: hit.object } : {}),
        ...(hit.container ? { container: hit.container } : {}),
        related: hit.related ?? [],
        why: policy.why,
        fix: hit.fix ?? policy.fix,
        ...(hasHelpPage(policy.id) ? { helpUri: helpUri(policy.id) } : {}),
        ...(suppression ? { suppression } : {}),
      });
    }
  }
  const unusedSuppressions = [...options.sources.keys()].flatMap((file) => suppressionsOf(file).filter((s) => !used.has(s)).map((suppression) => ({ file, suppression })));
  return { findings: findings.sort(byLocation), unusedSuppressions };
}

/** `… (judged against release datadog/datadog from clusters/prod/values.yaml).`: which of several releases a finding is about. */
function withRelease(message: string, refs: ObjectRef[] = []): string {
  // Sorted: the order of the inputs never shows.
  const releases = [...new Set(refs.flatMap((r) => (r.release === undefined ? [] : [r.release])))].sort();
  if (releases.length === 0) return message;
  const named = releases.length === 1 ? `release ${releases[0]}` : `releases ${releases.slice(0, -1).join(', ')} and ${releases[releases.length - 1]}`;
  return `${message.replace(/\.$/, '')} (judged against ${named}).`;
}

function annotationFor(model: Model, ref: ObjectRef, ruleId: string) {
  return model.ignores.find((i) => i.ref.kind === ref.kind && i.ref.name === ref.name && i.ref.namespace === ref.namespace && (i.ids.includes(ruleId) || i.ids.includes('*')));
}

function byLocation(a: Finding, b: Finding): number {
  return a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId);
}
