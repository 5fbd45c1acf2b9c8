/** Tell Helm values from Kubernetes manifests by content, not by file name. */
import { InputError } from './input-error.js';
import { isObject } from '../json.js';
import type { ParsedDocument } from './yaml-documents.js';

export type InputKind = 'values' | 'manifests';

/** A Kubernetes object names its apiVersion and kind; a values file is one mapping of settings. */
export function detectInputKind(file: string, docs: ParsedDocument[]): InputKind {
  const objects = docs.filter((d) => isObject(d.value));
  if (objects.some((d) => d.shallow || (isObject(d.value) && typeof d.value.apiVersion === 'string' && typeof d.value.kind === 'string'))) return 'manifests';
  if (docs.length === 0 || (docs.length === 1 && objects.length === 1)) return 'values';
  const first = docs.find((d) => !isObject(d.value)) ?? docs[1]!;
  throw new InputError(
    `${file}:${first.start.line}:${first.start.column}: cannot tell whether this is Helm values or Kubernetes manifests: ${docs.length > 1 ? 'several documents without apiVersion/kind' : 'the top level is not a mapping'}`,
  );
}
