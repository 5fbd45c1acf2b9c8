/** One model from several: every list concatenated, in order (what a run's inputs, or a subject and the cluster, add up to). */
import { emptyModel, type Model } from './types.js';

export function mergeModels(parts: Iterable<Model>): Model {
  const model = emptyModel();
  const keys = Object.keys(model) as (keyof Model)[];
  for (const part of parts) for (const key of keys) (model[key] as unknown[]).push(...(part[key] as unknown[]));
  return model;
}
