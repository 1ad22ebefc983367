import {
  createEarlyExit,
  err,
  isEarlyExit,
  ok,
  type AnyResultFn,
  type ErrorsOfDeps,
  type Result,
  type StepOptions,
} from "@awaitly/core";
import type {
  AssertionResult,
  MockStep,
  ScriptedOutcome,
  StepInvocation,
  TestHarnessOptions,
  WorkflowHarness,
} from "./types";

type Marker = { __earlyExit: true; error: unknown };
// A step failure is core's early exit (so sagas and nested core code recognise it) that also
// carries 1.0.0's `__earlyExit` flag for code that checks it.
const exit = (error: unknown): Marker =>
  Object.assign(createEarlyExit(error, { origin: "result" }), { __earlyExit: true as const });
const isMarker = (x: unknown): x is Marker =>
  (typeof x === "object" && x !== null && (x as { __earlyExit?: unknown }).__earlyExit === true) ||
  isEarlyExit(x);

/**
 * Runs workflow bodies with a mock `step`: script outcomes by order (`script`) or by step name/key
 * (`scriptStep`), then assert on the steps that ran. Unscripted steps run their real operation.
 * @example
 * const harness = createWorkflowHarness({ fetchUser, charge });
 * harness.scriptStep("charge", errOutcome("DECLINED"));
 * const result = await harness.run((step, deps) => checkoutBody(step, deps));
 * expect(harness.assertSteps(["fetch user", "charge"]).passed).toBe(true);
 */
export function createWorkflowHarness<Deps extends Record<string, AnyResultFn>>(
  deps: Deps,
  options: TestHarnessOptions = {},
): WorkflowHarness<ErrorsOfDeps<Deps>, Deps> {
  const record = options.recordInvocations ?? true;
  const clock = options.clock ?? (() => Date.now());
  let sequence: ScriptedOutcome[] = [];
  let cursor = 0;
  let named = new Map<string, ScriptedOutcome>();
  let invocations: StepInvocation[] = [];

  const lookup = (id: string | undefined): ScriptedOutcome | undefined => {
    if (id && named.has(id)) return named.get(id);
    if (cursor < sequence.length) return sequence[cursor++];
    return undefined;
  };
  const begin = (name: string | undefined, key: string | undefined) => {
    const invocation: StepInvocation = { name, key, order: invocations.length, timestamp: clock() };
    if (record) invocations.push(invocation);
    return invocation;
  };
  /** Applies a scripted outcome; `undefined` means "run the real operation". */
  const scripted = (
    invocation: StepInvocation,
    outcome: ScriptedOutcome | undefined,
    start: number,
  ) => {
    if (!outcome) return undefined;
    invocation.durationMs = clock() - start;
    if (outcome.type === "ok") {
      invocation.result = ok(outcome.value);
      return { value: outcome.value };
    }
    if (outcome.type === "err") {
      invocation.result = err(outcome.error);
      throw exit(outcome.error);
    }
    if (outcome.type === "throw") throw outcome.error;
    return undefined;
  };

  const createStep = (): MockStep<ErrorsOfDeps<Deps>> => {
    const step = (async (operationOrResult: unknown, stepOptions?: StepOptions | string) => {
      const opts = typeof stepOptions === "string" ? { name: stepOptions } : (stepOptions ?? {});
      const start = clock();
      const invocation = begin(opts.name, opts.key);
      const done = scripted(invocation, lookup(opts.name ?? opts.key), start);
      if (done) return done.value;
      const r = (
        typeof operationOrResult === "function"
          ? await (operationOrResult as () => unknown)()
          : await operationOrResult
      ) as Result<unknown, unknown>;
      invocation.durationMs = clock() - start;
      invocation.result = r;
      if (r.ok) return r.value;
      throw exit(r.error);
    }) as MockStep<ErrorsOfDeps<Deps>>;
    step.try = (async (
      operation: () => unknown,
      tryOptions: {
        error?: unknown;
        onError?: (cause: unknown) => unknown;
        name?: string;
        key?: string;
      },
    ) => {
      const start = clock();
      const invocation = begin(tryOptions.name, tryOptions.key);
      const done = scripted(invocation, lookup(tryOptions.name ?? tryOptions.key), start);
      if (done) return done.value;
      let value: unknown;
      try {
        value = await operation();
      } catch (thrown) {
        invocation.durationMs = clock() - start;
        const mapped = "error" in tryOptions ? tryOptions.error : tryOptions.onError?.(thrown);
        invocation.result = err(mapped);
        throw exit(mapped);
      }
      invocation.durationMs = clock() - start;
      invocation.result = ok(value);
      return value;
    }) as MockStep<ErrorsOfDeps<Deps>>["try"];
    return step;
  };

  const settle = async <T>(body: () => Promise<T>): Promise<Result<T, unknown>> => {
    try {
      return ok(await body());
    } catch (thrown) {
      if (isMarker(thrown)) return err(thrown.error);
      return err({ type: "UNEXPECTED_ERROR", cause: thrown });
    }
  };

  const names = () =>
    invocations.map((i) => i.name ?? i.key ?? "unnamed").filter((n) => n !== "unnamed");
  const called = (id: string) => invocations.some((i) => i.name === id || i.key === id);
  const payload = (r: Result<unknown, unknown>) => JSON.stringify(r.ok ? r.value : r.error);

  return {
    script(outcomes) {
      sequence = [...outcomes];
      cursor = 0;
      named = new Map();
    },
    scriptStep(nameOrKey, outcome) {
      named.set(nameOrKey, outcome);
    },
    run: (fn) => settle(() => fn(createStep(), deps)),
    runWithInput: (input, fn) => settle(() => fn(createStep(), deps, input)),
    getInvocations: () => [...invocations],
    assertSteps(expected): AssertionResult {
      const actual = names();
      const passed = JSON.stringify(actual) === JSON.stringify(expected);
      return {
        passed,
        message: passed
          ? `Steps invoked in order: ${expected.join(", ")}`
          : `Expected steps [${expected.join(", ")}] but got [${actual.join(", ")}]`,
        expected,
        actual,
      };
    },
    assertStepCalled(id) {
      const found = called(id);
      return {
        passed: found,
        message: found ? `Step "${id}" was invoked` : `Step "${id}" was NOT invoked`,
        expected: id,
        actual: found,
      };
    },
    assertStepNotCalled(id) {
      const found = called(id);
      return {
        passed: !found,
        message: found
          ? `Step "${id}" was invoked but should not have been`
          : `Step "${id}" was correctly NOT invoked`,
        expected: "not called",
        actual: found ? "called" : "not called",
      };
    },
    assertResult(result, expected) {
      const passed = result.ok === expected.ok && payload(result) === payload(expected);
      return {
        passed,
        message: passed ? "Result matches expected" : "Result does not match expected",
        expected,
        actual: result,
      };
    },
    reset() {
      sequence = [];
      cursor = 0;
      named = new Map();
      invocations = [];
    },
  };
}
