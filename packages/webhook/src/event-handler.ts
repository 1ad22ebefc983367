import type { Result, RunStep, UnexpectedError, Workflow, WorkflowStrict } from "@awaitly/core";
import { DEFAULT_WEBHOOK_SAFETY_OPTIONS } from "./safety";
import type { ValidationError, ValidationResult } from "./validation";
import { assertFunction } from "./internal/checks";

/** A message from a queue or event bus. */
export interface EventMessage<T = unknown> {
  id: string;
  type: string;
  payload: T;
  metadata?:
    | {
        timestamp?: number | undefined;
        source?: string | undefined;
        correlationId?: string | undefined;
        [key: string]: unknown;
      }
    | undefined;
}

/** What to tell the queue: `ack: true` removes the message, `false` redelivers it. */
export interface EventProcessingResult {
  success: boolean;
  ack: boolean;
  error?:
    { type: string; message?: string | undefined; retryable?: boolean | undefined } | undefined;
}

/** Config of `createEventHandler`. */
export interface EventTriggerConfig<TPayload, TOutput, TError> {
  /** Checks the payload (sync or async); invalid messages are acknowledged, never retried. */
  validatePayload: (
    event: EventMessage<TPayload>,
  ) =>
    | ValidationResult<TPayload, ValidationError>
    | Promise<ValidationResult<TPayload, ValidationError>>;
  mapResult: (
    result: Result<TOutput, TError | UnexpectedError>,
    event: EventMessage<TPayload>,
  ) => EventProcessingResult;
  /**
   * Classifies workflow errors: when `mapResult` returns an `error` without `retryable`, this fills
   * it in (1.0.0 accepted it but never called it). `mapResult` still decides `ack`.
   */
  isRetryable?: ((error: TError | UnexpectedError) => boolean) | undefined;
  /** Receives unexpected exceptions (the result carries only a generic message). Defaults to `console.error`. */
  onError?: ((error: unknown, event: EventMessage<TPayload>) => void) | undefined;
}

/** Processes one message and says whether to acknowledge it. */
export type EventHandler<TPayload = unknown> = (
  event: EventMessage<TPayload>,
) => Promise<EventProcessingResult>;

/**
 * A queue consumer: validates the payload, runs the workflow with it and lets `mapResult` decide
 * ack/redeliver. Exceptions are redelivered (`ack: false`) with a generic message.
 */
export function createEventHandler<TPayload, TOutput, TError, TDeps = unknown>(
  workflow: Workflow<TError, TDeps> | WorkflowStrict<TError, unknown, TDeps>,
  workflowFn: (step: RunStep<TError>, deps: TDeps, payload: TPayload) => TOutput | Promise<TOutput>,
  config: EventTriggerConfig<TPayload, TOutput, TError>,
): EventHandler<TPayload> {
  const where = "createEventHandler";
  assertFunction(where, "workflow", workflow, true);
  assertFunction(where, "workflowFn", workflowFn, true);
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`${where}: config must be an object, got ${String(config)}`);
  }
  const { validatePayload, mapResult } = config;
  assertFunction(where, "validatePayload", validatePayload, true);
  assertFunction(where, "mapResult", mapResult, true);
  assertFunction(where, "onError", config.onError, false);
  assertFunction(where, "isRetryable", config.isRetryable, false);
  const { isRetryable } = config;
  const onError = config.onError ?? DEFAULT_WEBHOOK_SAFETY_OPTIONS.onError;
  const run = workflow as Workflow<TError, TDeps>;

  return async (event) => {
    try {
      const validated = await validatePayload(event);
      if (!validated.ok) {
        return {
          success: false,
          ack: true,
          error: { type: validated.error.type, message: validated.error.message, retryable: false },
        };
      }
      const payload = validated.value;
      const result = await run(payload, (step, deps) => workflowFn(step, deps, payload));
      const mapped = mapResult(result, event);
      if (
        !result.ok &&
        isRetryable !== undefined &&
        mapped.error !== undefined &&
        mapped.error.retryable === undefined
      ) {
        return { ...mapped, error: { ...mapped.error, retryable: isRetryable(result.error) } };
      }
      return mapped;
    } catch (error) {
      try {
        onError(error, event);
      } catch {
        // Logging must not turn a redelivery into a crash.
      }
      return {
        success: false,
        ack: false,
        error: {
          type: "UNEXPECTED_ERROR",
          message: "An unexpected error occurred",
          retryable: true,
        },
      };
    }
  };
}
