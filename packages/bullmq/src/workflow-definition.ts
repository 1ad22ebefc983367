import {
  assertKnownOptions,
  type AnyResultFn,
  type Err,
  type ErrorsOfDeps,
  type Ok,
  type RunStep,
  type StepOptions,
} from "@awaitly/core";
import type { WorkflowWorkerOptions } from "./worker-options";
import type { WorkflowRun } from "./workflow-run";

/**
 * The `step` a definition's body gets: core's `RunStep` over the run's error union, plus an exit
 * with one of those errors as written (`await step(err({ type: "REJECTED" }))`: checked against
 * the union, so the literal `type` needs no `as const`).
 */
export type WorkflowStep<E> = ((
  result: Err<E, unknown>,
  options?: StepOptions | string,
) => Promise<never>) &
  RunStep<E>;

/** What a workflow's `deps` may hold: functions returning a `Result` (or a promise of one). */
export type WorkflowDeps = Readonly<Record<string, AnyResultFn>>;

/** The run value of a body that returns `R`: an `Ok` is unwrapped, an `Err` is an error, not a value. */
export type BodyValue<R> = R extends Err<unknown, unknown> ? never : R extends Ok<infer V> ? V : R;

/** The errors a body that returns `R` ends its run with by returning `err(...)`. */
export type BodyErrors<R> = R extends Err<infer E, unknown> ? E : never;

/**
 * One workflow, declared once and shared by the queue that starts its runs and the workers that
 * run them (`createWorkflowQueue(definition, …)`, `createWorkflowWorker(definition, …)`), so both
 * sides agree on its name, input, value and error union. Built with `defineWorkflow`.
 */
export interface WorkflowDefinition<
  TInput,
  TValue,
  TError,
  Deps extends WorkflowDeps = WorkflowDeps,
> {
  /** The queue's name (BullMQ's), the same on the producer and the worker side. */
  readonly name: string;
  /** The dependencies handed to the body; their errors are part of `TError`. */
  readonly deps: Deps;
  /**
   * The body, run once per run (and resumed from its checkpoints after a crash). Its `step` takes
   * the errors of `deps` and the declared `errors`; returning `err(e)` ends the run with `e`,
   * returning `ok(v)` (or `v`) ends it with `v`.
   */
  body(step: WorkflowStep<TError>, deps: Deps, input: TInput, run: WorkflowRun): unknown;
  /**
   * Type-only: what the run takes and gives (`undefined` at run time). Lets the queue and the
   * worker infer `TInput`, `TValue` and `TError` from the definition.
   */
  readonly "~types"?: { readonly input: TInput; readonly value: TValue; readonly error: TError };
}

/** The input type of a workflow definition. */
export type WorkflowInput<D> = D extends WorkflowDefinition<infer I, unknown, unknown> ? I : never;
/** The value type of a workflow definition's runs. */
export type WorkflowValue<D> = D extends WorkflowDefinition<unknown, infer V, unknown> ? V : never;
/** The error union of a workflow definition's runs (deps' errors, declared and returned ones). */
export type WorkflowError<D> = D extends WorkflowDefinition<unknown, unknown, infer E> ? E : never;

/** What `defineWorkflow` takes. */
export interface WorkflowDefinitionSpec<Deps extends WorkflowDeps, TInput, TDeclared, TReturn> {
  /** The queue's name. */
  name: string;
  /** The body's dependencies; their error union is inferred, as `createWorkflow` does. */
  deps: Deps;
  /**
   * Type-only: business errors the body may also exit with through `step` (`await step(err(e))`),
   * written `errors: [] as Array<Rejected | OutOfStock>` (the array's content is not used).
   * Errors the body only `return`s as `err(...)` need no declaration: they are inferred.
   */
  errors?: ReadonlyArray<TDeclared> | undefined;
  /** The body: `(step, deps, input, run)`; type `input` here, and the queue takes that type. */
  body: (
    step: WorkflowStep<ErrorsOfDeps<Deps> | TDeclared>,
    deps: Deps,
    input: TInput,
    run: WorkflowRun,
  ) => TReturn | Promise<TReturn>;
}

const SPEC_KEYS: ReadonlyArray<string> = ["name", "deps", "errors", "body"];

/**
 * Declares a workflow once, for both sides of a queue: `createWorkflowQueue(orders, options)`
 * infers its input, value and error types from it, and `createWorkflowWorker(orders, options)`
 * runs its body. The run's error union is the deps' errors, the declared `errors`, and whatever
 * the body returns as `err(...)`; `result()` gives each back as an `Err`.
 * @example
 * const orders = defineWorkflow({
 *   name: "orders",
 *   deps: { reserve, charge },
 *   errors: [] as Array<{ type: "REJECTED" }>,
 *   body: async (step, deps, order: Order, run) => {
 *     if (order.amount > 1000) return err({ type: "REJECTED" as const });
 *     await step(() => deps.reserve(order), { key: "reserve" });
 *     return step(() => deps.charge(order.amount, run.idempotencyKey("charge")), { key: "charge" });
 *   },
 * });
 */
export function defineWorkflow<const Deps extends WorkflowDeps, TInput, TReturn, TDeclared = never>(
  spec: WorkflowDefinitionSpec<Deps, TInput, TDeclared, TReturn>,
): WorkflowDefinition<
  TInput,
  BodyValue<TReturn>,
  ErrorsOfDeps<Deps> | TDeclared | BodyErrors<TReturn>,
  Deps
> {
  const where = "defineWorkflow";
  if (typeof spec !== "object" || spec === null) {
    throw new TypeError(`${where}: expected { name, deps, body }, got ${String(spec)}`);
  }
  // From plain JavaScript a misspelt option (`error: […]`) would be ignored without a word.
  assertKnownOptions(where, spec, SPEC_KEYS);
  const { name, deps, body } = spec;
  if (typeof name !== "string" || name === "") {
    throw new TypeError(`${where}: option "name" must be a non-empty string, got ${String(name)}`);
  }
  if (typeof deps !== "object" || deps === null) {
    throw new TypeError(`${where}: option "deps" must be an object of functions (use {} for none)`);
  }
  if (typeof body !== "function") {
    throw new TypeError(`${where}: option "body" must be a function, got ${typeof body}`);
  }
  return Object.freeze({ name, deps, body: body as never });
}

/**
 * @internal The queue name of `createWorkflowQueue`/`createWorkflowWorker`'s first argument: a
 * name, or a definition's name.
 */
export function nameOf(where: string, nameOrDefinition: unknown): string {
  if (typeof nameOrDefinition === "string") return nameOrDefinition;
  if (typeof nameOrDefinition === "object" && nameOrDefinition !== null) {
    return (nameOrDefinition as { name?: unknown }).name as string;
  }
  throw new TypeError(
    `${where}: the first argument must be a workflow definition (defineWorkflow) or a queue name, got ${String(nameOrDefinition)}`,
  );
}

/**
 * Options of `createWorkflowWorker(definition, options)`: the worker's options without `deps` and
 * `workflow` (the definition carries them); `retryOn` sees the run's whole error union.
 */
export type DefinitionWorkerOptions<TError> = Omit<
  WorkflowWorkerOptions<WorkflowDeps, unknown, unknown>,
  "deps" | "workflow" | "retryOn"
> & {
  /** Business errors (returned, or exited with through `step`) worth a retry; others finish the run. Defaults to none. */
  retryOn?: ((error: TError) => boolean) | undefined;
};

/** @internal The worker options of either call form: a definition's deps and body fill them in. */
export function workerOptionsOf(
  nameOrDefinition: unknown,
  options: object,
): WorkflowWorkerOptions<WorkflowDeps, unknown, unknown> {
  if (typeof nameOrDefinition === "string") {
    return options as WorkflowWorkerOptions<WorkflowDeps, unknown, unknown>;
  }
  for (const option of ["deps", "workflow"] as const) {
    if (typeof options === "object" && options !== null && option in options) {
      throw new TypeError(
        `createWorkflowWorker: option "${option}" is not taken with a workflow definition (the definition carries its deps and body)`,
      );
    }
  }
  const definition = nameOrDefinition as WorkflowDefinition<unknown, unknown, unknown>;
  return {
    ...(options as DefinitionWorkerOptions<unknown>),
    deps: definition.deps,
    workflow: (step, deps, input, run) => definition.body(step as never, deps, input, run),
  };
}
