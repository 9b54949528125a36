/**
 * haven's errors: one class per engine error kind (the same names in every
 * haven binding), all under HavenError. Arguments of the wrong type throw the
 * standard TypeError instead, naming the argument.
 */

export class HavenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** The server answered with an error (ERR, WRONGTYPE, NOSCRIPT, EXECABORT...). */
export class ResponseError extends HavenError {}
/** The request's deadline (requestTimeoutMs) passed. */
export class TimeoutError extends HavenError {}
/** A node could not be reached, refused the handshake, or the link was lost. */
export class ConnectionError extends HavenError {}
/** Cluster trouble: redirects exhausted, CLUSTERDOWN, cross-slot keys. */
export class ClusterError extends HavenError {}
/** Multi-endpoint deployments: no endpoint is healthy. */
export class NoHealthyEndpointError extends HavenError {}
/** More requests in flight than inflightLimit allows. */
export class BackpressureError extends HavenError {}
/** The client is closed or closing. */
export class ClosingError extends HavenError {}
/** Bad configuration or bad input; the message names the field. Also a
 * connection-state command (SELECT, MULTI, WATCH, SUBSCRIBE, ...) sent through
 * the generic command: "not sent", naming the API to use instead. */
export class ConfigError extends HavenError {}
/** A session's EXEC was aborted: a WATCHed key changed. Nothing was written; retry the transaction. */
export class WatchError extends HavenError {}
/** A bug inside the engine (a panic on the request's path): the request is answered instead of lost. */
export class InternalError extends HavenError {}
/**
 * The request's AbortSignal fired: the Promise rejects at once (name
 * "AbortError", code "ABORT_ERR", cause: the signal's reason). A blocking
 * command is unblocked on the server, so nothing it would have taken is lost.
 */
export class AbortError extends HavenError {
  readonly code = "ABORT_ERR";
  constructor(message = "the operation was aborted", options?: { cause?: unknown }) {
    super(message);
    if (options !== undefined && options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** Indexed by the contract's ErrorKind. */
const CLASSES = [
  HavenError,
  ResponseError,
  TimeoutError,
  ConnectionError,
  ClusterError,
  NoHealthyEndpointError,
  BackpressureError,
  ClosingError,
  ConfigError,
  WatchError,
  InternalError,
];

/** The error for a contract ErrorKind. */
export function errorForKind(kind: number, message: string): HavenError {
  const cls = CLASSES[kind] ?? HavenError;
  return new cls(message);
}

const PREFIX = /^HAVEN(\d+):/s;

/** Maps an error thrown by the native addon onto haven's classes. */
export function fromNative(e: unknown): Error {
  if (e instanceof HavenError || e instanceof TypeError) return e;
  if (e instanceof Error) {
    const m = PREFIX.exec(e.message);
    if (m) return errorForKind(Number(m[1]), e.message.slice(m[0].length));
    const code = (e as { code?: string }).code ?? "";
    if (code === "InvalidArg" || code.endsWith("Expected")) return new TypeError(e.message);
    return new HavenError(e.message);
  }
  return new HavenError(String(e));
}
