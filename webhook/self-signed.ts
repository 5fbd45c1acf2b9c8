/**
 * The default certificate of `npx dd-lint-webhook` with no TLS flags: a self-signed ECDSA P-256
 * certificate for localhost and 127.0.0.1 (made by the `selfsigned` library), kept in a directory
 * and reused while it is valid for more than a day, so the CA bundle stays the same across runs.
 * It is its own CA: its PEM, base64-encoded, is a ValidatingWebhookConfiguration's caBundle.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';

export interface SelfSigned {
  certFile: string;
  keyFile: string;
  /** base64 of the certificate PEM: the caBundle. */
  caBundle: string;
  /** False when a valid certificate from an earlier run was reused. */
  generated: boolean;
  expires: Date;
}

export const DEFAULT_CERT_DIR = join(homedir(), '.cache', 'dd-lint-webhook');
const VALID_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;

export async function ensureSelfSigned(dir: string = DEFAULT_CERT_DIR): Promise<SelfSigned> {
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    try {
      const pem = readFileSync(certFile, 'utf8');
      const cert = new X509Certificate(pem);
      const expires = new Date(cert.validTo);
      if (expires.getTime() - Date.now() > DAY_MS && cert.checkHost('localhost')) {
        return { certFile, keyFile, caBundle: Buffer.from(pem).toString('base64'), generated: false, expires };
      }
    } catch {
      // unreadable: make a new one
    }
  }
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * DAY_MS);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, pems.cert, { mode: 0o644 });
  return { certFile, keyFile, caBundle: Buffer.from(pems.cert).toString('base64'), generated: true, expires: notAfterDate };
}
