/**
 * Raw JSON requests to the API server with a kubeconfig's credentials. The typed clients of
 * @kubernetes/client-node reshape objects (dates, camel-cased unknown fields), which the linter
 * must read as the API server wrote them; writes use the same path so what is read is what is
 * written back.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

const REQUEST_TIMEOUT_MS = 30_000;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Of a PATCH: application/merge-patch+json or application/json-patch+json. */
  contentType?: string;
}

/** The response body as JSON; a status other than 2xx is an ApiError carrying it. */
export async function apiRequest<T = unknown>(kc: KubeConfig, req: ApiRequest): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const url = new URL(cluster.server.replace(/\/+$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const method = req.method ?? 'GET';
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const r = send(
      url,
      {
        ...options,
        method,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { ...options.headers, accept: 'application/json', ...(payload !== undefined ? { 'content-type': req.contentType ?? 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) {
            // The Status message of the API server names the object, never its content.
            let reason = '';
            try {
              reason = String((JSON.parse(text) as { message?: unknown }).message ?? '');
            } catch {
              // not JSON
            }
            return reject(new ApiError(`${method} ${req.path}: HTTP ${status}${reason ? ` (${reason.slice(0, 200)})` : ''}`, status));
          }
          try {
            resolve(JSON.parse(text) as T);
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error(`${method} ${req.path}: timed out`)));
    r.on('error', reject);
    if (payload !== undefined) r.write(payload);
    r.end();
  });
}
