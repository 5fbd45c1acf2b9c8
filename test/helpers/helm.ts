/**
 * Run the real helm binary on a scratch chart and read back the `.Values` it hands the templates.
 * The binaries come from scripts/fetch-helm.mjs (cached in .cache/helm/<version>/helm).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const HELM_VERSIONS = ['3.17.3', '4.1.4'] as const;
export type HelmVersion = (typeof HELM_VERSIONS)[number];

interface FetchHelmModule {
  fetchHelm(version: string, options?: { root?: string; log?: (line: string) => void }): Promise<string>;
  helmBinaryPath(version: string, root?: string): string;
}

/** The repository root (the folder holding package.json), from src or from dist. */
export function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tsconfig.json')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('test/helpers/helm: cannot find the repository root');
    dir = parent;
  }
  return dir;
}

let fetchModule: Promise<FetchHelmModule> | undefined;
function loadFetchModule(): Promise<FetchHelmModule> {
  fetchModule ??= import(pathToFileURL(join(repoRoot(), 'scripts', 'fetch-helm.mjs')).href) as Promise<FetchHelmModule>;
  return fetchModule;
}

const ensured = new Map<string, Promise<string>>();

/** The path of helm `version`, fetched into .cache/helm/<version>/helm first when it is missing. */
export function ensureHelm(version: HelmVersion | string): Promise<string> {
  let binary = ensured.get(version);
  if (!binary) {
    binary = loadFetchModule().then((m) => m.fetchHelm(version));
    ensured.set(version, binary);
  }
  return binary;
}

export interface HelmValuesInput {
  /** The scratch chart's values.yaml (its defaults); empty when omitted. */
  chartValuesYaml?: string;
  /** Values files, passed as `-f <name>` in this order. */
  files?: { name: string; text: string }[];
  sets?: string[];
  setStrings?: string[];
}

export type HelmValuesResult = { ok: true; values: unknown; stderr: string } | { ok: false; error: string };

/**
 * `helm template x <scratch chart> -f ... --set ... --set-string ... --show-only templates/values.yaml`,
 * where the template is `{{ .Values | toJson }}`: the parsed JSON, or helm's error message.
 */
export async function helmValues(version: HelmVersion | string, input: HelmValuesInput): Promise<HelmValuesResult> {
  const helm = await ensureHelm(version);
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-helm-'));
  try {
    const chart = join(dir, 'chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: x\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'values.yaml'), input.chartValuesYaml ?? '');
    writeFileSync(join(chart, 'templates', 'values.yaml'), '{{ .Values | toJson }}\n');
    const args = ['template', 'x', chart, '--show-only', 'templates/values.yaml'];
    for (const [i, file] of (input.files ?? []).entries()) {
      const folder = join(dir, `f${i}`);
      mkdirSync(folder);
      const path = join(folder, file.name);
      writeFileSync(path, file.text);
      args.push('-f', path);
    }
    for (const s of input.sets ?? []) args.push('--set', s);
    for (const s of input.setStrings ?? []) args.push('--set-string', s);
    const home = join(dir, 'home');
    const env = { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
    const { code, stdout, stderr } = await run(helm, args, env);
    if (code !== 0) return { ok: false, error: stderr.trim() };
    const json = stdout
      .split('\n')
      .filter((line) => line !== '---' && !line.startsWith('# Source:'))
      .join('\n');
    return { ok: true, values: JSON.parse(json), stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}
