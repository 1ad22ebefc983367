import { badInput } from "./internal/bad-input";
import { allAsync, settle } from "../result/batch";
import { createEarlyExit } from "./early-exit";
import type { ScopeType } from "./events";
import { cancelExit, untilAborted } from "./internal/cancel";
import type { RunContext, Scope } from "./internal/run-context";
import { emitScopeEnd, emitScopeStart } from "./internal/step-events";
import { enterStep } from "./internal/step-hooks";
import { closeScopeOrder, openScopeOrder } from "./internal/step-order";
import { ok, type MaybeAsyncResult, type Result } from "../result/result";

type AnyResult = Result<unknown, unknown, unknown>;
type OpenScope = { scope: Scope | undefined; started: number };

function openScope(rc: RunContext, type: ScopeType, name: string): OpenScope {
  if (rc.onEvent === undefined) return { scope: undefined, started: 0 };
  const scope: Scope = {
    id: `scope_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`,
    type,
    parent: rc.scope,
    winnerId: undefined,
  };
  rc.scope = scope;
  return { scope, started: emitScopeStart(rc, scope, name) };
}

function closeScope(rc: RunContext, open: OpenScope): void {
  const { scope } = open;
  if (scope === undefined) return;
  // Concurrent scopes may close out of order: only restore the parent if this one is innermost.
  if (rc.scope === scope) rc.scope = scope.parent;
  emitScopeEnd(rc, scope, open.started);
}

/**
 * @internal `step.parallel(name, op)`, `step.race`, `step.allSettled`: a named scope around one
 * operation. A failure is reported to `onError` under `failedName()` when given, else `name`.
 */
export async function runScope(
  rc: RunContext,
  type: ScopeType,
  name: string,
  operation: unknown,
  failedName?: () => string | undefined,
): Promise<unknown> {
  if (typeof operation !== "function") {
    throw badInput(`step.${type}("${name}")`, "operation", "a function", operation);
  }
  // A scope is a step to a call's onBeforeStep (without a key).
  enterStep(rc, undefined, undefined);
  const { signal } = rc;
  if (signal?.aborted) throw cancelExit(signal);
  const open = openScope(rc, type, name);
  if (type === "race") rc.openRaces++;
  // A scope's keyed steps are one group of the run's order (see internal/step-order.ts).
  const order = rc.hooks !== undefined ? rc.order : undefined;
  if (order !== undefined) openScopeOrder(rc, order);
  let result: AnyResult;
  try {
    const pending = (operation as () => MaybeAsyncResult<unknown, unknown, unknown>)();
    result = signal === undefined ? await pending : await untilAborted(signal, pending);
  } finally {
    if (type === "race") rc.openRaces--;
    if (order !== undefined) closeScopeOrder(order);
    closeScope(rc, open);
  }
  if (result.ok) return result.value;
  rc.onError?.(result.error, failedName?.() ?? name, rc.context);
  throw createEarlyExit(result.error, { origin: "result", resultCause: result.cause });
}

type Operations = Record<string, () => MaybeAsyncResult<unknown, unknown, unknown>>;

/**
 * @internal `step.parallel({ a: () => …, b: () => … })`: all started at once (synchronously, in key
 * order), failing fast with the first failure to settle (reported under its key); values by key.
 */
export function runParallelNamed(
  rc: RunContext,
  operations: Operations,
  options: { name?: string | undefined } | undefined,
): Promise<unknown> {
  if (typeof operations !== "object" || operations === null) {
    throw badInput("step.parallel", "operations", "an object (or name, operation)", operations);
  }
  const keys = Object.keys(operations);
  for (const key of keys) {
    if (typeof operations[key] !== "function") {
      throw badInput("step.parallel", `operation "${key}"`, "a function", operations[key]);
    }
  }
  let failedKey: string | undefined;
  const all = () =>
    allAsync(
      keys.map((key) =>
        settle((operations[key] as Operations[string])()).then((r) => {
          if (!r.ok) failedKey ??= key;
          return r;
        }),
      ),
    ).then((r) => {
      if (!r.ok) return r;
      const byKey: Record<string, unknown> = {};
      keys.forEach((key, i) => (byKey[key] = r.value[i]));
      return ok(byKey);
    });
  return runScope(
    rc,
    "parallel",
    options?.name ?? `Parallel(${keys.join(", ")})`,
    all,
    () => failedKey,
  );
}
