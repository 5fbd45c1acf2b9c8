/** One model from several: every list concatenated, in order (what a run's inputs, or a subject and the cluster, add up to). */
import { emptyModel, type Model } from './types.js';

export function mergeModels(parts: Iterable<Model>): Model {
  const model = emptyModel();
  const keys = Object.keys(model) as (keyof Model)[];
  // One item at a time: spreading a list of a large repository's objects into push() overflows the stack.
  for (const part of parts) for (const key of keys) for (const item of part[key] as unknown[]) (model[key] as unknown[]).push(item);
  return model;
}
