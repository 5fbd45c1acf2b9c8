/**
 * The webhook's own certificate authority: an ECDSA P-256 CA and a serving certificate it signs
 * for the Service's DNS names (made with the `selfsigned` library), and what a stored pair is
 * worth: whether it is complete, matches, covers the names and has time left.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';

export interface TlsMaterial {
  /** PEM texts. */
  caCert: string;
  caKey?: string;
  cert: string;
  key: string;
}

export const DAY_MS = 24 * 3600 * 1000;

/** One trailing newline, so PEM texts compare and concatenate into bundles as they are. */
const pem = (text: string): string => `${text.trim()}\n`;

/** A backdate, so a clock a little behind the API server's still accepts a fresh certificate. */
const BACKDATE_MS = 5 * 60_000;

async function generate(commonName: string, days: number, extensions: object[], ca?: { cert: string; key: string }) {
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - BACKDATE_MS);
  const notAfterDate = new Date(notBeforeDate.getTime() + days * DAY_MS);
  return generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: extensions as never,
    ...(ca ? { ca } : {}),
  });
}

export async function makeCA(commonName: string, days: number): Promise<{ cert: string; key: string }> {
  const pems = await generate(commonName, days, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
  return { cert: pem(pems.cert), key: pem(pems.private) };
}

export async function makeServing(ca: { cert: string; key: string }, dnsNames: readonly string[], days: number): Promise<{ cert: string; key: string }> {
  const pems = await generate(dnsNames[0] ?? 'localhost', days, [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) },
  ], ca);
  return { cert: pem(pems.cert), key: pem(pems.private) };
}

export interface Assessment {
  /** The CA can sign (its key is there and matches) and is valid for more than renewBefore. */
  caUsable: boolean;
  /** The serving certificate is signed by the CA, matches its key, covers every name and is valid for more than renewBefore. */
  servingUsable: boolean;
  caExpires?: Date;
  certExpires?: Date;
}

/** What a stored pair is worth at `now`; any parse failure makes the part unusable. */
export function assess(m: Partial<TlsMaterial>, dnsNames: readonly string[], renewBeforeMs: number, now = Date.now()): Assessment {
  const out: Assessment = { caUsable: false, servingUsable: false };
  let ca: X509Certificate | undefined;
  try {
    ca = new X509Certificate(m.caCert ?? '');
    out.caExpires = new Date(ca.validTo);
    out.caUsable = ca.ca && !!m.caKey && ca.checkPrivateKey(createPrivateKey(m.caKey)) && out.caExpires.getTime() - now > renewBeforeMs;
  } catch {
    ca = undefined;
  }
  try {
    const cert = new X509Certificate(m.cert ?? '');
    out.certExpires = new Date(cert.validTo);
    out.servingUsable =
      !!ca &&
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      cert.checkPrivateKey(createPrivateKey(m.key ?? '')) &&
      dnsNames.every((n) => cert.checkHost(n) === n) &&
      out.certExpires.getTime() - now > renewBeforeMs &&
      new Date(cert.validFrom).getTime() <= now + BACKDATE_MS;
  } catch {
    out.servingUsable = false;
  }
  return out;
}
