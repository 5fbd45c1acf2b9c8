/**
 * The config file (.dd-lint.yaml): found upward from the working directory or given with
 * --config, validated against schemas/config.schema.json (a validator compiled at build time),
 * with errors that name the bad key and its line. Shared by the CLI and the webhook.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../generated/config.js';
import { validate } from '../generated-validators/config.js';
import { InputError, inputErrorAt } from '../load/input-error.js';
import { parseYamlDocuments } from '../load/yaml-documents.js';
import { pathKey } from '../load/path.js';
import { isObject } from '../json.js';
import type { Location } from '../model/location.js';
import { policyModule } from '../policy/load.js';

export const CONFIG_NAMES = ['.dd-lint.yaml', '.dd-lint.yml'];

export interface LoadedConfig {
  /** The file it came from; undefined when no config file exists (all defaults). */
  file?: string;
  /** Relative paths in the config resolve against this directory. */
  dir: string;
  config: Config;
  /** Where a path of the config is written (for errors found after validation). */
  locate(path: (string | number)[]): Location;
}

/** An option the policy does not declare: name what it does take. */
function optionMessage(policy: string, option: string): string {
  const known = Object.keys((policyModule(policy)?.options?.schema.properties as Record<string, unknown> | undefined) ?? {});
  return `policy ${policy} has no option "${option}"${known.length ? ` (it takes: ${known.join(', ')})` : ' (it takes no options)'}`;
}

export function findConfig(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Read and validate a config file (the given one, else the nearest .dd-lint.yaml upward). */
export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig {
  const file = explicit ?? findConfig(cwd);
  if (!file) return { dir: cwd, config: {}, locate: () => ({ file: '<config>', line: 1, column: 1 }) };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the config file`);
  }
  // YAML 1.2: dd-lint's own file, where `policy-id: off` is the string "off", not false.
  const [doc] = parseYamlDocuments(file, text, { version: '1.2' });
  const value = doc?.value ?? {};
  const at = (path: (string | number)[]) => (doc && doc.locations.get(pathKey(path))) ?? doc?.start ?? { file, line: 1, column: 1 };
  const fail = (path: (string | number)[], message: string) => {
    const loc = at(path);
    return inputErrorAt(file, loc.line, loc.column, message);
  };
  if (!validate(value)) {
    const errors = (validate as unknown as { errors: AjvError[] }).errors;
    // The most specific error: an unknown key beats a type error, which beats the oneOf summary of a
    // policy setting; among type errors the deepest (a policy option's item, not "must be string").
    const typed = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'additionalProperties');
    const deepest = typed.sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
    const error = errors.find((e) => e.keyword === 'additionalProperties') ?? deepest ?? errors[0]!;
    const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (error.keyword === 'additionalProperties') {
      const key = String(error.params.additionalProperty);
      if (path[0] === 'policies' && path.length === 3 && path[2] === 'options') throw fail([...path, key], optionMessage(path[1]!, key));
      throw fail([...path, key], `unknown key "${[...path, key].join('.')}" in the dd-lint config`);
    }
    if (error.keyword === 'maxProperties' && path[0] === 'policies' && path[2] === 'options') throw fail(path, `policy ${path[1]} takes no options`);
    const allowed = Array.isArray(error.params.allowedValues) ? ` (one of ${error.params.allowedValues.join(', ')})` : '';
    const policy = path[0] === 'policies' && path[2] === 'options' ? ` (an option of policy ${path[1]})` : '';
    throw fail(path, `${path.join('.') || 'config'}: ${error.message}${allowed}${policy}`);
  }
  if (!isObject(value)) throw fail([], 'the dd-lint config must be a mapping');
  const config = value as Config;
  return { file, dir: dirname(resolve(file)), config, locate: at };
}
