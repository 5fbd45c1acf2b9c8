/** The built-in policies: one YAML file each in policies/ at the package root. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Policy } from '../generated/policy.js';

/** policies/ relative to this compiled file (dist/src/policy/load.js). */
export const POLICIES_DIR = fileURLToPath(new URL('../../../policies/', import.meta.url));

export interface PolicyFile {
  file: string;
  policy: Policy;
}

/** Built-in policy files are validated against schemas/policy.schema.json by the test suite, not at every run. */
export function loadPolicyFiles(dir: string = POLICIES_DIR): PolicyFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(dir, f), policy: parse(readFileSync(join(dir, f), 'utf8')) as Policy }));
}

export function loadPolicies(dir?: string): Policy[] {
  return loadPolicyFiles(dir).map((p) => p.policy);
}
