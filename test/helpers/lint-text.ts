/** Lint texts in memory, the way the CLI lints files (for policy examples and unit tests). */
import { lintTexts } from '../../src/engine/run.js';
import type { SourceText } from '../../src/load/inputs.js';
import type { CustomPolicies } from '../../src/policy/custom.js';
import type { Finding } from '../../src/model/finding.js';

export interface TextInputs {
  values?: string;
  manifests?: string;
  set?: string[];
  chartVersion?: string;
}

/** Unsuppressed findings of values.yaml and manifests.yaml linted together, with --report-unused-disable. */
export async function lintExample(example: TextInputs, custom?: CustomPolicies): Promise<Finding[]> {
  const inputs: SourceText[] = [];
  if (example.values !== undefined) inputs.push({ file: 'values.yaml', text: example.values });
  if (example.manifests !== undefined) inputs.push({ file: 'manifests.yaml', text: example.manifests });
  const result = await lintTexts(inputs, [], {
    sets: (example.set ?? []).map((expr) => ({ expr, asString: false })),
    reportUnusedSuppressions: true,
    ...(example.chartVersion ? { chartVersion: example.chartVersion } : {}),
    ...(custom ? { custom } : {}),
  });
  return result.findings.filter((f) => !f.suppression);
}

export async function lintValuesText(text: string, sets: string[] = []): Promise<Finding[]> {
  return lintExample({ values: text, set: sets });
}
