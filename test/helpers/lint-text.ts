/** Lint values text in memory, the way the CLI lints a file (for policy examples and unit tests). */
import { parseHelmYaml } from '../../src/load/helm-yaml.js';
import { buildRelease } from '../../src/engine/run.js';
import { bundledDefaults } from '../../src/chart/defaults.js';
import { modelFromValues } from '../../src/model/from-values/index.js';
import { lintModel } from '../../src/engine/lint.js';
import { loadPolicies } from '../../src/policy/load.js';
import type { Finding } from '../../src/model/finding.js';

export async function lintValuesText(text: string, sets: string[] = [], file = 'values.yaml'): Promise<Finding[]> {
  const defaults = await bundledDefaults();
  const release = buildRelease([parseHelmYaml(file, text)], sets.map((expr) => ({ expr, asString: false })), defaults);
  return lintModel(modelFromValues(release, defaults.values), loadPolicies(), { sources: new Map([[file, text]]) });
}
