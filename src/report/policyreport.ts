/**
 * `--format policyreport`: the reports of policy-report.ts as a YAML multi-document stream, each
 * document starting with `---`, which `kubectl apply -f` and GitOps tools take as they are
 * (a `List` would be one object to them, with the reports as its items).
 */
import { stringify } from 'yaml';
import type { Reporter } from './types.js';
import { policyReports } from './policy-report.js';

export const policyreport: Reporter = (findings, ctx) =>
  policyReports(findings, { now: new Date(), cwd: ctx.cwd, policies: ctx.policies })
    .map((doc) => '---\n' + stringify(doc, { lineWidth: 0 }))
    .join('');
