/**
 * The engine's logs in Node: records reach the logger given to setLogger
 * (with none, and HAVEN_LOG set, they are written to stderr, `debug`-style;
 * otherwise they go nowhere). They are delivered in batches on the JS
 * thread from a bounded queue: when the logger falls behind, records are
 * dropped and counted in a warning record, never waited for by the engine.
 *
 * Loggers are named after the engine's layers: haven.connection,
 * haven.deployment, haven.failover, haven.request, haven.pubsub,
 * haven.cache, haven.engine, haven.logging. Reconnects, topology changes,
 * failovers and failbacks, breaker transitions and parked requests are info
 * or warn lines, identical lines at most one per second (the next says how
 * many were suppressed); no record carries a password, a credential or a
 * command's arguments.
 *
 * The level is the process's: "info" by default, setLogLevel, a config's
 * logLevel when a client is created, or the HAVEN_LOG environment variable
 * (e.g. HAVEN_LOG=debug or haven=info,haven::connection=debug), which wins.
 */

import { fromNative } from "./errors";
import { binding } from "./native";

export type LogLevel = "error" | "warn" | "info" | "debug" | "trace";

export interface LogRecord {
  level: LogLevel;
  /** "haven.connection", "haven.failover", ... */
  logger: string;
  message: string;
  /** When the engine logged it. */
  timeUnixMs: number;
}

export type Logger = (record: LogRecord) => void;

/** Writes one line per record to stderr. */
export const stderrLogger: Logger = (r) => {
  process.stderr.write(`${new Date(r.timeUnixMs).toISOString()} ${r.level.toUpperCase()} ${r.logger}: ${r.message}\n`);
};

/**
 * Sends the engine's log records to `logger` (null: nowhere), and sets the
 * level when `level` is given (see setLogLevel). A logger that throws loses
 * that record only.
 */
export function setLogger(logger: Logger | null, level?: string): void {
  if (logger !== null && typeof logger !== "function") throw new TypeError("logger: expected a function or null");
  if (level !== undefined) setLogLevel(level);
  try {
    binding.setLogSink(
      logger === null
        ? null
        : (records) => {
            for (const r of records) {
              try {
                logger(r as LogRecord);
              } catch {
                // A broken logger must not stop the others' records.
              }
            }
          },
    );
  } catch (e) {
    throw fromNative(e);
  }
}

/**
 * Sets the engine's log level for the process: "error", "warn", "info",
 * "debug", "trace", "off", or directives such as
 * "haven=info,haven::connection=debug". Returns false when HAVEN_LOG is set
 * (it wins). Throws ConfigError for a level it cannot read.
 */
export function setLogLevel(level: string): boolean {
  if (typeof level !== "string") throw new TypeError("level: expected a string");
  try {
    return binding.setLogLevel(level);
  } catch (e) {
    throw fromNative(e);
  }
}

if (process.env.HAVEN_LOG) setLogger(stderrLogger);
