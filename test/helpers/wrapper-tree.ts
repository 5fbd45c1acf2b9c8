/** A tree of files on disk for the wrapper adapters (which read the files a wrapper names), linted like the CLI lints one of them. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { lintTexts, type RunResult } from '../../src/engine/run.js';
import { readInputs } from '../../src/load/inputs.js';
import type { Finding } from '../../src/model/finding.js';

/** Writes `files` (path → text) under a new temporary directory; returns it. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dd-lint-wrappers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Lints `paths` (files or directories of the tree, relative to it) as `dd-lint <paths>` run with the tree as the directory argument. */
export async function lintTree(root: string, paths: string[] = ['.']): Promise<RunResult> {
  const sources = readInputs(paths.map((p) => join(root, p))).map((s) => ({ ...s, root }));
  return lintTexts(sources, [], { sets: [] });
}

/** `file:line:column ruleId` of each unsuppressed finding, the file relative to the tree. */
export function where(root: string, findings: Finding[]): string[] {
  return findings.filter((f) => !f.suppression).map((f) => `${f.location.file.startsWith('--set') ? f.location.file : relative(root, f.location.file)}:${f.location.line}:${f.location.column} ${f.ruleId}`);
}
