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
import { deepEqual } from "./internal/deep-equal";
import { assertOutcome, describeValue } from "./internal/validate";
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
  validate(deps, options);
  const record = options.recordInvocations ?? true;
  const clock = options.clock ?? (() => Date.now());
  let entered = 0;
  let sequence: ScriptedOutcome[] = [];
  let cursor = 0;
  let named = new Map<string, ScriptedOutcome>();
  let invocations: StepInvocation[] = [];

  // Both the name and the key are looked up (1.0.0 only tried `name ?? key`).
  const lookup = (name: string | undefined, key: string | undefined) => {
    for (const id of [name, key]) if (id && named.has(id)) return named.get(id);
    if (cursor < sequence.length) return sequence[cursor++];
    return undefined;
  };
  const begin = (name: string | undefined, key: string | undefined) => {
    const invocation: StepInvocation = { name, key, order: entered++, timestamp: clock() };
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
      const outcome = lookup(opts.name, opts.key);
      if (outcome && typeof operationOrResult !== "function") {
        // The Result was already being produced; it is ignored, but must not reject unobserved.
        Promise.resolve(operationOrResult).catch(() => {});
      }
      const done = scripted(invocation, outcome, start);
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
      const done = scripted(invocation, lookup(tryOptions.name, tryOptions.key), start);
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

  // Unnamed steps are skipped by identity, so a step really called "unnamed" is kept.
  const names = () =>
    invocations.flatMap((i) => {
      const id = i.name ?? i.key;
      return id === undefined ? [] : [id];
    });
  const called = (id: string) => invocations.some((i) => i.name === id || i.key === id);
  const payload = (r: Result<unknown, unknown>) => (r.ok ? r.value : r.error);

  return {
    script(outcomes) {
      if (!Array.isArray(outcomes)) {
        throw new TypeError(`script: outcomes must be an array, got ${describeValue(outcomes)}`);
      }
      outcomes.forEach((outcome, i) => assertOutcome(`script: outcomes[${i}]`, outcome));
      sequence = [...outcomes];
      cursor = 0;
      named = new Map();
    },
    scriptStep(nameOrKey, outcome) {
      if (typeof nameOrKey !== "string" || nameOrKey === "") {
        throw new TypeError(
          `scriptStep: nameOrKey must be a non-empty string, got ${describeValue(nameOrKey)}`,
        );
      }
      assertOutcome(`scriptStep("${nameOrKey}")`, outcome);
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
      const passed = result.ok === expected.ok && deepEqual(payload(result), payload(expected));
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
      entered = 0;
    },
  };
}

function validate(deps: unknown, options: unknown): void {
  if (typeof deps !== "object" || deps === null) {
    throw new TypeError(
      `createWorkflowHarness: deps must be an object, got ${describeValue(deps)}`,
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `createWorkflowHarness: options must be an object, got ${describeValue(options)}`,
    );
  }
  const { recordInvocations, clock } = options as Record<string, unknown>;
  if (recordInvocations !== undefined && typeof recordInvocations !== "boolean") {
    throw new TypeError(
      `createWorkflowHarness: options.recordInvocations must be a boolean, got ${describeValue(recordInvocations)}`,
    );
  }
  if (clock !== undefined && typeof clock !== "function") {
    throw new TypeError(
      `createWorkflowHarness: options.clock must be a function returning milliseconds, got ${describeValue(clock)}`,
    );
  }
}
