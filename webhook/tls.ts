/**
 * TLS for the admission endpoint: TLS 1.2 at least, and the certificate and key reloaded from disk
 * when they change (cert-manager rotates a mounted Secret by swapping a symlink), so new
 * connections get the new certificate without a restart. A pair that does not load (half
 * written, key and certificate not matching) is ignored until the next change; the old one stays.
 */
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

export const MIN_TLS_VERSION = 'TLSv1.2' as const;

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export function readTls(files: TlsFiles): { cert: Buffer; key: Buffer } {
  return { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
}

/** A certificate and key held in memory (the webhook's own, read from its Secret). */
export interface TlsPair {
  cert: string;
  key: string;
}

export const isTlsFiles = (tls: TlsFiles | TlsPair): tls is TlsFiles => 'certFile' in tls;

export function tlsOptions(tls: TlsFiles | TlsPair): SecureContextOptions {
  return { ...(isTlsFiles(tls) ? readTls(tls) : tls), minVersion: MIN_TLS_VERSION };
}

export interface Reloadable {
  setSecureContext(options: SecureContextOptions): void;
}

export interface TlsWatcher {
  /** Check the files now (also called on every file system event and every poll). */
  check(): void;
  close(): void;
}

const fingerprint = (files: TlsFiles): string => {
  const s = (f: string) => {
    try {
      const st = statSync(f);
      return `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return 'missing';
    }
  };
  return `${s(files.certFile)}|${s(files.keyFile)}`;
};

/**
 * Watch the directories of the certificate and key (a symlink swap replaces the file, which a
 * watch on the file itself would miss), and poll as a fallback every `pollMs`.
 */
export function watchTls(server: Reloadable, files: TlsFiles, on: { reloaded(): void; failed(err: Error): void }, pollMs = 10_000): TlsWatcher {
  let last = fingerprint(files);
  let lastContent = readTls(files);
  const check = () => {
    const now = fingerprint(files);
    if (now === last) return;
    last = now;
    let pair: { cert: Buffer; key: Buffer };
    try {
      pair = readTls(files);
      if (pair.cert.equals(lastContent.cert) && pair.key.equals(lastContent.key)) return;
      createSecureContext({ ...pair, minVersion: MIN_TLS_VERSION }); // throws on a bad or mismatched pair
    } catch (err) {
      on.failed(err as Error);
      return;
    }
    server.setSecureContext({ ...pair, minVersion: MIN_TLS_VERSION });
    lastContent = pair;
    on.reloaded();
  };
  const watchers: FSWatcher[] = [];
  for (const dir of new Set([dirname(files.certFile), dirname(files.keyFile)])) {
    try {
      const w = watch(dir, { persistent: false }, () => setTimeout(check, 50).unref());
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // no fs.watch here: the poll below still catches changes
    }
  }
  const timer = setInterval(check, pollMs);
  timer.unref();
  return {
    check,
    close: () => {
      clearInterval(timer);
      for (const w of watchers) w.close();
    },
  };
}
