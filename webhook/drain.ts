/**
 * Stopping the admission server without waiting on clients that send nothing. Once server.close()
 * is called, Node no longer enforces the headers and request timeouts, so a slow-loris connection
 * would hold a stopping webhook open until the bin gave up and exited 1 (found by
 * bench/load-faults.mjs). On stop: connections on which no request is being answered (headers
 * still arriving, a TLS session with nothing asked yet, an idle kept-alive one) are closed at once;
 * requests being answered finish; whatever is still open after the request timeout is cut.
 */
import type { Server } from 'node:https';
import type { Socket } from 'node:net';

export interface Drain {
  /** The server stopped accepting connections: close what no request is being answered on. */
  start(): void;
  /** Everything closed: the request-timeout cut is no longer needed. */
  done(): void;
}

export function drainOnStop(server: Server, requestTimeoutMs: number): Drain {
  const sockets = new Set<Socket>();
  const answering = new Set<Socket>();
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // 'request' comes once a request's headers are in; its response's 'close', once it is answered (or the connection is gone).
  server.on('request', (req: { socket: Socket }, res: { once(event: 'close', listener: () => void): void }) => {
    answering.add(req.socket);
    res.once('close', () => answering.delete(req.socket));
  });
  let cut: NodeJS.Timeout | undefined;
  return {
    start() {
      for (const socket of sockets) if (!answering.has(socket)) socket.destroy();
      cut = setTimeout(() => server.closeAllConnections(), requestTimeoutMs);
    },
    done() {
      clearTimeout(cut);
    },
  };
}
