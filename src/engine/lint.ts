/** Run the rules over a model and turn their hits into findings with the policy's metadata. */
import type { Finding } from '../model/finding.js';
import type { Model, ObjectRef } from '../model/types.js';
import type { Policy } from '../generated/policy.js';
import { RULES } from '../rules/index.js';
import { isSuppressed, parseSuppressions, type Suppression } from './suppressions.js';

export interface LintOptions {
  /** Texts of the linted files by name, for inline suppressions. */
  sources: Map<string, string>;
}

export function lintModel(model: Model, policies: Policy[], options: LintOptions): Finding[] {
  const suppressions = new Map<string, Suppression[]>();
  const suppressionsOf = (file: string) => {
    let list = suppressions.get(file);
    if (!list) suppressions.set(file, (list = parseSuppressions(options.sources.get(file) ?? '')));
    return list;
  };
  const findings: Finding[] = [];
  for (const policy of policies) {
    const rule = RULES[policy.id];
    if (!rule) continue;
    for (const hit of rule(model)) {
      if (isSuppressed(suppressionsOf(hit.origin.file), policy.id, hit.origin.line)) continue;
      if (hit.object && ignoredByAnnotation(model, hit.object, policy.id)) continue;
      findings.push({
        ruleId: policy.id,
        severity: hit.severity ?? policy.severity,
        title: policy.title,
        message: hit.message,
        location: hit.origin,
        ...(hit.object ? { object: hit.object } : {}),
        ...(hit.container ? { container: hit.container } : {}),
        related: hit.related ?? [],
        why: policy.why,
        fix: policy.fix,
      });
    }
  }
  return findings.sort(byLocation);
}

function ignoredByAnnotation(model: Model, ref: ObjectRef, ruleId: string): boolean {
  return model.ignores.some((i) => i.ref.kind === ref.kind && i.ref.name === ref.name && i.ref.namespace === ref.namespace && (i.ids.includes(ruleId) || i.ids.includes('*')));
}

function byLocation(a: Finding, b: Finding): number {
  return a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId);
}
