/**
 * Connection timeouts of the admission endpoint, sized for its one client: the API server waits at
 * most 30 s for a webhook (timeoutSeconds 1-30), does the TLS handshake within 10 s and keeps an
 * idle connection 90 s (Go's http.Transport defaults, which client-go applies). A client slower
 * than that is not an API server, and a slow-loris one must not hold a connection for long.
 */

export interface Timeouts {
  /** TLS handshake of a new connection. */
  handshakeMs: number;
  /** From a request's first byte (for a new connection: from the connection) to the end of its headers. */
  headersMs: number;
  /** From a request's first byte to the end of its body: no API server still waits past 30 s. */
  requestMs: number;
  /** A connection on which nothing moves at all, e.g. a client that stops reading its answer. */
  idleMs: number;
  /**
   * An idle kept-alive connection between requests. Longer than the API server keeps one idle
   * (90 s), so the client closes first and never sends a request on a connection being closed.
   */
  keepAliveMs: number;
  /** How often Node checks the headers and request timeouts (its default, 30 s, would let a slow client live twice as long). */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  handshakeMs: 10_000,
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 30_000,
  keepAliveMs: 95_000,
  checkIntervalMs: 1_000,
};

/** The options Node's https.createServer takes for these (Fastify passes its `https` object through). */
export function httpsServerTimeouts(t: Timeouts): { handshakeTimeout: number; headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return { handshakeTimeout: t.handshakeMs, headersTimeout: t.headersMs, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkIntervalMs };
}

/** The options Fastify sets on its server after creating it (they would override Node's). */
export function fastifyTimeouts(t: Timeouts): { requestTimeout: number; connectionTimeout: number; keepAliveTimeout: number } {
  return { requestTimeout: t.requestMs, connectionTimeout: t.idleMs, keepAliveTimeout: t.keepAliveMs };
}
