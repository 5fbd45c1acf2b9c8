/**
 * A JSON Schema (draft-07) of one bundled chart version's values, from dd-lint's own facts: the
 * keys the version declares or reads, each typed by its default, closed (`additionalProperties:
 * false`) where the chart reads nothing else and unconstrained where it hands a sub-tree over whole.
 * Every key may be null (Helm then drops the chart's default). No text comes from the chart.
 */
import { isObject, type Json } from '../json.js';
import { chartDefaults, chartKeys } from './history.js';
import { PROBE_KEY, valuesKeyStatus } from './values-status.js';

export type Schema = { [key: string]: Json | Schema };

function typeOf(value: Json | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return 'array';
  if (isObject(value)) return 'object';
  return typeof value; // string, number, boolean
}

export async function valuesSchema(version: string): Promise<Schema> {
  const keys = chartKeys(version);
  const status = valuesKeyStatus(keys);
  const { values } = await chartDefaults(version);

  const node = (path: string[], value: Json | undefined): Schema => {
    if (path.length > 0 && status(path) === 'open') return {};
    const children = new Set(keys.children(path));
    if (path.length === 0) children.add('global'); // Helm gives every chart one
    const known = [...children].filter((c) => status([...path, c]) !== 'unknown');
    const type = typeOf(value);
    const openBelow = status([...path, PROBE_KEY]) === 'open';
    if (known.length === 0 && type !== 'object') return type && !openBelow ? { type: [type, 'null'] } : {};
    // A map the chart reads keys of; a default of another type (`host: ""` read as `host.value`) leaves the type open.
    const schema: Schema = type === 'object' || type === undefined ? { type: ['object', 'null'] } : {};
    const properties: Schema = {};
    for (const child of known.sort()) properties[child] = node([...path, child], isObject(value) ? value[child] : undefined);
    if (known.length > 0) schema.properties = properties;
    if (!openBelow) schema.additionalProperties = false;
    return schema;
  };

  const root = node([], values);
  delete root.type;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:dd-lint:schema:datadog-values:${version}`,
    title: `Values of the datadog Helm chart ${version} (keys the chart declares or reads, per dd-lint)`,
    type: 'object',
    ...root,
  };
}
