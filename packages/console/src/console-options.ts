import type { WorkflowQueue } from "@awaitly/bullmq";
import type { Request } from "express";

/** What a request asks the console to do, as `authorize` sees it. */
export type ConsoleAction =
  | { type: "read"; queue: string }
  | { type: "cancel" | "resume" | "retry" | "signal"; queue: string; runId: string }
  | { type: "bulk"; queue: string; action: string };

/**
 * Decides whether a request may do an action: `true` allows it, `false` answers 403. Called for
 * every request (reads too), after the cross-site check.
 */
export type ConsoleAuthorize = (req: Request, action: ConsoleAction) => boolean | Promise<boolean>;

/** A queue the console shows: any `WorkflowQueue`, whatever its input, value and error types. */
export type ConsoleQueue = Pick<
  WorkflowQueue<unknown, unknown, unknown>,
  "name" | "runs" | "run" | "counts" | "cancel" | "resume" | "retry" | "bulk" | "signal"
>;

/** Options of `createRunConsole`. */
export interface RunConsoleOptions {
  /** The queues to show, each under its `name`. */
  queues: readonly ConsoleQueue[];
  /**
   * Who may read and act. Required: a console without it refuses to start, so no action is ever
   * anonymous by accident. An app that wants none passes `"allow-anonymous"` explicitly.
   */
  authorize: ConsoleAuthorize | "allow-anonymous";
  /** The page title. Defaults to `"awaitly runs"`. */
  title?: string | undefined;
}

/** The defaults `createRunConsole` applies. */
export const DEFAULT_RUN_CONSOLE_OPTIONS = {
  title: "awaitly runs",
} as const;
