import { readFileSync } from 'node:fs';

/** The package version, read from package.json next to dist/ (no JSON import at start-up). */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
