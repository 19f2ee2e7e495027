/**
 * How long a client may take and how many connections it may hold, so that one slow or greedy
 * client cannot keep the demo's sockets (slowloris): Node closes a request that is too slow with
 * 408, and refuses connections past the cap until others end.
 */
export interface ServerLimits {
  /** From a connection's start (or a kept-alive request's first byte) to the end of its headers. */
  headersTimeoutMs: number;
  /** From a request's start to the end of its body. The demo's bodies are small JSON. */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Connections open at once; the next one is closed at once until others end. */
  maxConnections: number;
  /**
   * How often Node looks for requests past their timeouts. Node's default, 30 s, would let a slow
   * client keep a socket for up to 30 s past the timeouts above.
   */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  keepAliveTimeoutMs: 5_000,
  // Every open viewer or channel page holds one event stream; a browser opens at most 6 per host.
  maxConnections: 256,
  checkIntervalMs: 1_000,
};

/**
 * The options Node's `http.createServer` takes at construction (the interval cannot be changed
 * later): demo-server.ts hands them to `@hono/node-server` as its `serverOptions`.
 */
export function serverOptionsOf(limits: ServerLimits): {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
}
