/** The policies: built in (policies/*.yaml, compiled into the build), and their source files for tests and docs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Policy } from '../generated/policy.js';
import { policies as builtin } from './builtin.generated.js';

/** policies/ relative to this compiled file (dist/src/policy/load.js). */
export const POLICIES_DIR = fileURLToPath(new URL('../../../policies/', import.meta.url));

export interface PolicyFile {
  file: string;
  policy: Policy;
}

/** The policy YAML files themselves (tests validate them against schemas/policy.schema.json). */
export async function loadPolicyFiles(dir: string = POLICIES_DIR): Promise<PolicyFile[]> {
  const { parse } = await import('yaml');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(dir, f), policy: parse(readFileSync(join(dir, f), 'utf8')) as Policy }));
}

export function loadPolicies(): Policy[] {
  return builtin;
}
