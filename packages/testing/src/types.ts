import type { AsyncResult, Result, StepOptions, WorkflowEvent } from "@awaitly/core";

/** What a scripted step does instead of running its operation. */
export type ScriptedOutcome<T = unknown, E = unknown> =
  { type: "ok"; value: T } | { type: "err"; error: E } | { type: "throw"; error: unknown };

/** One step the harness saw (records are live: filled in as the step settles). */
export interface StepInvocation {
  name?: string | undefined;
  key?: string | undefined;
  order: number;
  timestamp: number;
  durationMs?: number | undefined;
  result?: Result<unknown, unknown> | undefined;
  cached?: boolean | undefined;
}

/** The outcome of a harness assertion (they never throw). */
export interface AssertionResult {
  passed: boolean;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

/** Options of `createWorkflowHarness`. */
export interface TestHarnessOptions {
  /** Record every step. Defaults to `true`. */
  recordInvocations?: boolean | undefined;
  /** Clock for timestamps and durations. Defaults to `Date.now`. */
  clock?: (() => number) | undefined;
}

/** The `step` the harness hands to workflow bodies: call signatures and `.try`. */
export type MockStep<E> = {
  <T, StepE extends E>(
    operation: () => Result<T, StepE> | AsyncResult<T, StepE>,
    options?: StepOptions | string,
  ): Promise<T>;
  <T, StepE extends E>(
    result: Result<T, StepE> | AsyncResult<T, StepE>,
    options?: StepOptions | string,
  ): Promise<T>;
  try: <T, Err extends E>(
    operation: () => T | Promise<T>,
    options:
      | { error: Err; name?: string | undefined; key?: string | undefined }
      | { onError: (cause: unknown) => Err; name?: string | undefined; key?: string | undefined },
  ) => Promise<T>;
};

/** A harness running workflow bodies with scripted steps. */
export interface WorkflowHarness<E, Deps> {
  script(outcomes: ScriptedOutcome[]): void;
  scriptStep(nameOrKey: string, outcome: ScriptedOutcome): void;
  run<T>(fn: (step: MockStep<E>, deps: Deps) => Promise<T>): Promise<Result<T, unknown>>;
  runWithInput<T, TInput>(
    input: TInput,
    fn: (step: MockStep<E>, deps: Deps, input: TInput) => Promise<T>,
  ): Promise<Result<T, unknown>>;
  getInvocations(): StepInvocation[];
  assertSteps(expectedNames: string[]): AssertionResult;
  assertStepCalled(nameOrKey: string): AssertionResult;
  assertStepNotCalled(nameOrKey: string): AssertionResult;
  assertResult<T>(result: Result<T, unknown>, expected: Result<T, unknown>): AssertionResult;
  reset(): void;
}

/** A Result-returning mock dependency. */
export interface MockFunction<T, E> {
  (...args: unknown[]): AsyncResult<T, E>;
  returns(result: Result<T, E>): MockFunction<T, E>;
  returnsOnce(result: Result<T, E>): MockFunction<T, E>;
  getCalls(): unknown[][];
  getCallCount(): number;
  reset(): void;
}

/** A comparable record of a run. */
export interface WorkflowSnapshot {
  invocations: StepInvocation[];
  result: Result<unknown, unknown>;
  events?: WorkflowEvent<unknown>[] | undefined;
  durationMs?: number | undefined;
}
