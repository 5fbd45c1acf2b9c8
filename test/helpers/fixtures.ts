/** The real `helm template` renderings of the datadog chart in test/fixtures/helm-template/ (see its README). */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../test/fixtures/helm-template/', import.meta.url));

export interface Fixture {
  name: string;
  dir: string;
  values: string;
  rendered: string;
  /** Chart version from cmd.txt (`charts/datadog@<version>`). */
  chartVersion: string;
}

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES_DIR, d.name, 'values.yaml')))
    .map((d) => {
      const dir = join(FIXTURES_DIR, d.name);
      const cmd = readFileSync(join(dir, 'cmd.txt'), 'utf8');
      return {
        name: d.name,
        dir,
        values: join(dir, 'values.yaml'),
        rendered: join(dir, 'rendered.yaml'),
        chartVersion: /charts\/datadog@([\d.]+)/.exec(cmd)?.[1] ?? '3.240.0',
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
