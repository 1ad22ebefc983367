import { err, type Err } from "@awaitly/core";
import { RedisUnavailableError } from "../errors";
import type { RedisClient } from "./option-checks";

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** @internal True for an error that says the connection to Redis is gone (not a command's error). */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | null;
  if (typeof e !== "object" || e === null) return false;
  if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return (
    e.name === "MaxRetriesPerRequestError" ||
    /Connection is closed|Stream isn't writeable|connect E[A-Z]+|Reached the max retries/.test(
      message,
    )
  );
}

/** @internal Whether Redis is reachable as one client's events tell, with the outage reported once. */
export interface Availability {
  /** True from a connection error until the client is ready again. */
  readonly down: boolean;
  /** An error event of the client or of BullMQ: a connection error is reported once per outage. */
  readonly onError: (error: Error) => void;
  /** Stops listening. */
  close(): void;
}

/**
 * @internal Watches `redis`: its first connection error reports a `RedisUnavailableError` to
 * `onError`, later ones are dropped until the client is ready again (no stream of reports while
 * Redis is away); other errors pass through as they are.
 */
export function watchAvailability(
  redis: RedisClient,
  where: string,
  onError: (error: Error) => void,
): Availability {
  let down = false;
  const report = (error: Error): void => {
    if (!isConnectionError(error)) return onError(error);
    if (down) return;
    down = true;
    onError(new RedisUnavailableError(where, error.message, { cause: error }));
  };
  const ready = (): void => {
    down = false;
  };
  // The client's own listener keeps ioredis from printing every failed reconnect.
  redis.on("error", report);
  redis.on("ready", ready);
  return {
    get down() {
      return down;
    },
    onError: report,
    close() {
      redis.off("error", report);
      redis.off("ready", ready);
    },
  };
}

/**
 * @internal Runs a producer call against Redis within `timeoutMs`: while an outage is known it
 * answers at once, and a call Redis does not answer in time, or that fails for the connection,
 * answers a `RedisUnavailableError` instead of waiting for ioredis's reconnects.
 */
export function boundedCall<T>(
  availability: Availability,
  where: string,
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<T | Err<RedisUnavailableError, unknown>> {
  const unavailable = (detail: string, cause?: unknown) =>
    err(new RedisUnavailableError(where, detail, { cause }));
  if (availability.down) return Promise.resolve(unavailable("the connection is down"));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => resolve(unavailable(`no answer within ${String(timeoutMs)} ms`)),
      timeoutMs,
    );
    call().then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (isConnectionError(error)) resolve(unavailable(String((error as Error).message), error));
        else reject(error);
      },
    );
  });
}
