/** Read fields of one Kubernetes object with the location of each, for findings to point at. */
import { get } from '../../load/values.js';
import { isObject, type Json, type JsonObject } from '../../json.js';
import { formatPath, nearestLocation, type ValuesPath } from '../../load/path.js';
import type { ParsedDocument } from '../../load/yaml-documents.js';
import type { Origin } from '../location.js';

export interface ObjectContext {
  object: JsonObject;
  value(path: ValuesPath): Json | undefined;
  /** The location of `path`, or of its nearest ancestor present in the document. */
  origin(path: ValuesPath): Origin;
}

export function objectContext(doc: ParsedDocument, base: ValuesPath, object: JsonObject): ObjectContext {
  return {
    object,
    value: (path) => get(object, path),
    origin: (path) => {
      const full = base.length === 0 ? path : [...base, ...path];
      if (doc.locate) return doc.locate(full);
      const found = nearestLocation(doc.locations, full);
      if (!found) return doc.start;
      return found.depth === full.length ? found.location : { ...found.location, valuesPath: formatPath(path) };
    },
  };
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const obj = (value: unknown): JsonObject => (isObject(value) ? value : {});
export const list = (value: unknown): Json[] => (Array.isArray(value) ? value : []);
