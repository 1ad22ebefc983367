import { badInput } from "./internal/bad-input";
import { rejected } from "../result/batch";
import { createEarlyExit } from "./early-exit";
import type { ScopeType } from "./events";
import { cancelExit, untilAborted } from "./internal/cancel";
import type { RunContext, Scope } from "./internal/run-context";
import { emitScopeEnd, emitScopeStart } from "./internal/step-events";
import type { MaybeAsyncResult, Result } from "../result/result";

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

function exitWith(
  rc: RunContext,
  result: Extract<AnyResult, { ok: false }>,
  stepName: string,
): never {
  rc.onError?.(result.error, stepName, rc.context);
  throw createEarlyExit(result.error, { origin: "result", resultCause: result.cause });
}

/** @internal `step.parallel(name, op)`, `step.race`, `step.allSettled`: a named scope around one operation. */
export async function runScope(
  rc: RunContext,
  type: ScopeType,
  name: string,
  operation: unknown,
): Promise<unknown> {
  if (typeof operation !== "function") {
    throw badInput(`step.${type}("${name}")`, "operation", "a function", typeof operation);
  }
  const { signal } = rc;
  if (signal?.aborted) throw cancelExit(signal);
  const open = openScope(rc, type, name);
  if (type === "race") rc.openRaces++;
  let result: AnyResult;
  try {
    const pending = (operation as () => MaybeAsyncResult<unknown, unknown, unknown>)();
    result = signal === undefined ? await pending : await untilAborted(signal, pending);
  } finally {
    if (type === "race") rc.openRaces--;
    closeScope(rc, open);
  }
  if (result.ok) return result.value;
  return exitWith(rc, result, name);
}

/** @internal `step.parallel({ a: () => …, b: () => … })`: all at once, fail fast, values by key. */
export async function runParallelNamed(
  rc: RunContext,
  operations: Record<string, () => MaybeAsyncResult<unknown, unknown, unknown>>,
  options: { name?: string | undefined } | undefined,
): Promise<Record<string, unknown>> {
  if (typeof operations !== "object" || operations === null) {
    throw badInput(
      "step.parallel",
      "operations",
      "an object (or name, operation)",
      String(operations),
    );
  }
  const keys = Object.keys(operations);
  for (const key of keys) {
    if (typeof operations[key] !== "function") {
      throw badInput("step.parallel", `operation "${key}"`, "a function", typeof operations[key]);
    }
  }
  const { signal } = rc;
  if (signal?.aborted) throw cancelExit(signal);
  const open = openScope(rc, "parallel", options?.name ?? `Parallel(${keys.join(", ")})`);
  let outcome:
    | { failedKey: string; result: Extract<AnyResult, { ok: false }> }
    | { values: Record<string, unknown> };
  try {
    const pending = keys.length === 0 ? { values: {} } : settleAll(operations, keys);
    outcome = signal === undefined ? await pending : await untilAborted(signal, pending);
  } finally {
    closeScope(rc, open);
  }
  if ("values" in outcome) return outcome.values;
  return exitWith(rc, outcome.result, outcome.failedKey);
}

function settleAll(
  operations: Record<string, () => MaybeAsyncResult<unknown, unknown, unknown>>,
  keys: string[],
): Promise<
  | { failedKey: string; result: Extract<AnyResult, { ok: false }> }
  | { values: Record<string, unknown> }
> {
  // Started synchronously in key order; a synchronous throw stops the loop and rejects.
  const pending = keys.map((key) =>
    Promise.resolve((operations[key] as () => MaybeAsyncResult<unknown, unknown, unknown>)()),
  );
  return new Promise((resolve) => {
    const values: unknown[] = new Array(keys.length);
    let remaining = keys.length;
    pending.forEach((promise, index) => {
      void promise
        .then(
          (r) => r,
          (reason: unknown) => rejected(reason),
        )
        .then((r) => {
          const key = keys[index] as string;
          if (!r.ok) return resolve({ failedKey: key, result: r });
          values[index] = r.value;
          if (--remaining === 0) {
            const byKey: Record<string, unknown> = {};
            keys.forEach((k, i) => (byKey[k] = values[i]));
            resolve({ values: byKey });
          }
        });
    });
  });
}
