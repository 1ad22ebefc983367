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
