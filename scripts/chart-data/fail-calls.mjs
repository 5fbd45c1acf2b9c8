// The `fail` calls of a chart template, each as a fingerprint of its message: the first 12 hex
// digits of the SHA-256 of the message's Go string literal (for `fail (printf "..." ...)`, of the
// format). Shared by scripts/gen-chart-fails.mjs and the parity tests, which fingerprint helm's error.
import { createHash } from 'node:crypto';

const CALL = /\bfail\s+(\(\s*printf\s+)?"((?:[^"\\]|\\.)*)"/g;

export const fingerprint = (literal) => createHash('sha256').update(literal).digest('hex').slice(0, 12);

export function failCalls(text) {
  const calls = [...text.matchAll(CALL)].map((m) => fingerprint(m[2]));
  // A `fail` this script cannot read would be a guard nobody checks: stop instead.
  const all = (text.match(/\{\{-?\s*fail\b/g) ?? []).length;
  if (all !== calls.length) throw new Error(`a template has ${all} fail calls, ${calls.length} readable; teach scripts/chart-data/fail-calls.mjs`);
  return calls;
}
