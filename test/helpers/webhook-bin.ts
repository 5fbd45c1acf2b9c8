/** The dd-lint-webhook bin as a real process: started on free ports, its banner read, stopped by signal. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/** The command as npm links it from the webhook's workspace (webhook/package.json), run with node. */
export const WEBHOOK_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'dd-lint-webhook');

export interface BinProcess {
  child: ChildProcess;
  /** https://127.0.0.1:port */
  url: string;
  opsUrl: string;
  stderr(): string;
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A clean environment: no kubeconfig anywhere (HOME is empty), no in-cluster variables. */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'dd-lint-webhook-home-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, DD_LINT_WEBHOOK_CERT_DIR: join(home, 'certs'), ...extra };
  return env;
}

/** Start the bin (ports 0 unless given) and wait until it says where it listens. */
export async function startBin(args: string[] = [], env: NodeJS.ProcessEnv = isolatedEnv()): Promise<BinProcess> {
  const child = spawn(process.execPath, [WEBHOOK_BIN, '--port', '0', '--metrics-port', '0', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // Generous: on a loaded machine the start with a kubeconfig (informers, the client's modules) takes 20 s.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const url = /POST (https:\/\/[\d.:]+)\/validate/.exec(err)?.[1];
    const opsUrl = /probes and metrics on (http:\/\/[\d.:]+) /.exec(err)?.[1];
    if (url && opsUrl) return { child, url, opsUrl, stderr: () => err, stdout: () => out, exited };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`dd-lint-webhook did not start (exit ${child.exitCode}):\n${err}\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
