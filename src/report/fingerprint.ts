/**
 * Fingerprints that match a finding across runs (SARIF's primaryLocationLineHash, GitLab's
 * fingerprint). They do not depend on lines, columns or the file's text, which move when unrelated
 * lines change: sha256 of rule id, file (or `--set` for command-line origins, never the value),
 * object kind/namespace/name, container, values path, and the message with line references
 * (`line 12`, `values.yaml:12:3`) neutralised; first 16 hex digits, then `:n` for the n-th identical
 * hash among the findings given (as CodeQL does), so pass them sorted.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import { displayFile, inFile } from './common.js';

/** Message parts that change when unrelated lines move: line numbers and file:line:col references. */
function stableMessage(message: string): string {
  return message
    .replace(/\b(lines?)\s+\d+(\s*[-\u2013]\s*\d+)?/gi, '$1 N')
    .replace(/(\.(?:ya?ml|json)):\d+(?::\d+)?/gi, '$1:N');
}

function fingerprintBase(f: Finding, cwd: string): string {
  const { file, source } = f.location;
  // A --set argument by its flag only (its origin's text starts with it): never its values.
  const flag = file.startsWith('--set-string') ? '--set-string' : '--set';
  const where = inFile(f.location) ? displayFile(f.location, cwd) : source === 'set' ? flag : file;
  const object = f.object ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : '';
  const parts = [f.ruleId, where, object, f.container ?? '', f.location.valuesPath ?? '', stableMessage(f.message)];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/** One fingerprint per finding, in the order given (`<16 hex>:<n>`). */
export function fingerprints(sorted: readonly Finding[], cwd: string): string[] {
  const seen = new Map<string, number>();
  return sorted.map((f) => {
    const base = fingerprintBase(f, cwd);
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return `${base}:${occurrence}`;
  });
}
