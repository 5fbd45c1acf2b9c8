/** `<id>[, <id>] [-- reason]`: the policy list of a suppression comment or ignore annotation. */
export interface IgnoreSpec {
  ids: string[];
  reason?: string;
}

export function parseIgnoreSpec(text: string): IgnoreSpec {
  const [spec = '', reason] = text.split(/\s+--\s*|^--\s*/, 2);
  const ids = spec.split(/[\s,]+/).filter(Boolean);
  return reason?.trim() ? { ids, reason: reason.trim() } : { ids };
}
