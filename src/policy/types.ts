/** A policy as a run applies it: its file's text with the severity and category its module (or a custom policy's file) gives. */
import type { PolicyFile, Severity } from '../generated/policy.js';
import type { Category } from '../rules/define.js';

export type { Severity };

export interface Policy extends PolicyFile {
  severity: Severity;
  category: Category;
}
