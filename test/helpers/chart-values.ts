/**
 * The datadog chart's own values.yaml of a version, for tests that need the chart's defaults as helm
 * reads them: the full copies in test/fixtures/chart-values/ (see the README there). A test whose
 * copy is missing skips with CHART_VALUES_MISSING rather than reading anything outside the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

export const chartValuesPath = (version: string) => join(REPO_ROOT, 'test', 'fixtures', 'chart-values', `datadog-${version}.yaml`);

/** The text of the copy, or undefined when this checkout lacks it. */
export function chartValues(version: string): string | undefined {
  const path = chartValuesPath(version);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export const CHART_VALUES_MISSING = (version: string) => `needs the datadog chart's values.yaml ${version} in test/fixtures/chart-values/datadog-${version}.yaml`;
