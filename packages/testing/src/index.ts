export type {
  ScriptedOutcome,
  StepInvocation,
  AssertionResult,
  TestHarnessOptions,
  MockStep,
  WorkflowHarness,
  MockFunction,
  WorkflowSnapshot,
} from "./types";
export { createWorkflowHarness } from "./harness";
export { createMockFn } from "./mock-fn";
export { createSnapshot, compareSnapshots } from "./snapshot";
export { createTestClock } from "./clock";
export type { VirtualClock, VirtualClockOptions } from "./virtual-clock";
export type { DurationInput } from "./internal/duration-input";
export { createVirtualClock } from "./virtual-clock";
export { okOutcome, errOutcome, throwOutcome } from "./outcomes";
export type {
  DurableWorkflowDefinition,
  TestWorkflowRun,
  TestEnvironmentOptions,
  TestStartOptions,
  TestRunStatus,
  TestRunInfo,
  TestStepInfo,
  TestParkedOn,
} from "./durable/types";
export type { TestEnvironment, TestStarted, TestCancelled } from "./durable/test-environment";
export type { TestRunError } from "./durable/errors";
export type {
  TerminalRunState,
  StandardSchemaV1,
  StandardSchemaResult,
  StandardSchemaIssue,
  InferSchemaOutput,
} from "@awaitly/core";
export { createTestEnvironment } from "./durable/test-environment";
export { DEFAULT_TEST_ENVIRONMENT_OPTIONS } from "./durable/options";
export {
  RunCancelledError,
  RunConflictError,
  RunFinishedError,
  RunNotFoundError,
  RunTimeoutError,
  SignalNotAwaitedError,
  SignalPayloadError,
} from "@awaitly/core";
