import {
  err,
  isErr,
  ok,
  type Clock,
  type Result,
  type RunStep,
  isRunCancelledError,
} from "@awaitly/core";
import type { ChildrenPolicy, ChildRunOptions, ChildRunSpec, WorkflowRun } from "../workflow-run";
import { checkEnqueueOptions } from "./boundary";
import type { queueKeys } from "./keys";
import { CHILD_DONE_FIELD } from "./notify-parent";
import type { RedisClient } from "./option-checks";
import type { RunWaits } from "./parking";
import { internalsOf } from "./queue-internals";
import { decodeOutcome, encodeOutcome } from "./wire";

/** @internal A run's `child` and `children`. */
export type ChildRuns = Pick<WorkflowRun, "child" | "children">;

/** @internal What starting and awaiting children needs of the parent run. */
export type ChildRunsContext = {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly queue: string;
  readonly keys: ReturnType<typeof queueKeys>;
  readonly runTtl: number;
  readonly recheckMs: number;
  /** The worker's clock: the parent's re-check time is computed on it. */
  readonly clock: Clock;
  readonly runId: string;
  readonly step: () => RunStep<unknown>;
  readonly waits: () => RunWaits;
};

// What a child spec may hold: its key and input, and the enqueue options that make sense for a child.
const CHILD_SPEC_FIELDS = ["key", "input", "concurrencyKey", "priority"];

type Settled = { outcomes: string[]; failed: number };
type AnyResult = Result<unknown, unknown, unknown>;

/**
 * @internal Children are one keyed step of the parent: it records them (for a cancel of the
 * parent), enqueues them (deduplicated by their derived run ids), reads their outcomes, and parks
 * the parent until a child wakes it (or `recheckMs`, a backstop) while some are unfinished. Once
 * settled, the step is checkpointed: a resumed parent does not wait again.
 */
export function createChildRuns(ctx: ChildRunsContext): ChildRuns {
  const { redis, keys, runId } = ctx;

  const settle = async (
    queue: unknown,
    items: ReadonlyArray<ChildRunSpec<unknown>>,
    policy: ChildrenPolicy,
  ): Promise<Settled> => {
    const where = "run.children";
    const child = internalsOf(where, queue);
    if (policy !== "fail-fast" && policy !== "all-settled") {
      throw new TypeError(
        `${where}: option "policy" must be "fail-fast" or "all-settled", got ${String(policy)}`,
      );
    }
    const seen = new Set<string>();
    for (const item of items) {
      checkEnqueueOptions(item, where, CHILD_SPEC_FIELDS);
      if (typeof item.key !== "string" || item.key === "" || seen.has(item.key)) {
        throw new TypeError(
          `${where}: each child needs a unique non-empty string key, got ${String(item?.key)}`,
        );
      }
      seen.add(item.key);
    }
    const ids = items.map((item) => `${runId}/${item.key}`);
    const stepKey = `awaitly:children:${child.name}:${[...seen].join(",")}`;
    return ctx.step()<Settled, never>(
      async () => {
        const record = keys.record(runId);
        const childrenKey = keys.children(runId);
        const tx = redis.multi().hdel(record, CHILD_DONE_FIELD);
        if (ids.length > 0)
          tx.sadd(childrenKey, ...ids.map((id) => JSON.stringify([child.prefix, child.name, id])));
        if (ctx.runTtl > 0) tx.expire(childrenKey, ctx.runTtl);
        await tx.exec();
        const started = await Promise.all(
          items.map((item, i) =>
            child.enqueueChild(
              item.input,
              ids[i]!,
              { prefix: ctx.prefix, queue: ctx.queue, runId },
              item,
            ),
          ),
        );
        // Read after adding the children: a cancel of this run marks it before reading them.
        const [cancelled] = await redis.hmget(record, "x");
        if (cancelled !== null && cancelled !== undefined)
          await Promise.all(ids.map((id) => child.cancel(id)));
        const outcomes = await Promise.all(
          ids.map(async (id, i) => {
            const enqueued = started[i]!;
            return enqueued.ok ? child.outcome(id) : JSON.stringify(encodeOutcome(enqueued));
          }),
        );
        const failed = policy === "fail-fast" ? firstFailure(outcomes) : -1;
        if (failed >= 0) {
          await Promise.all(
            ids.filter((_id, i) => outcomes[i] === null).map((id) => child.cancel(id)),
          );
          return ok({ outcomes: outcomes.map((o) => o ?? ""), failed });
        }
        const done = outcomes.filter((o) => o !== null);
        if (done.length === outcomes.length) return ok({ outcomes: done, failed });
        return ctx.waits().park({
          until: ctx.clock.now() + ctx.recheckMs,
          keepMs: 0,
          wakeField: CHILD_DONE_FIELD,
          consume: true,
          on: "children",
          stepKey,
        });
      },
      { key: stepKey },
    );
  };

  const children = async (
    queue: unknown,
    items: ReadonlyArray<ChildRunSpec<unknown>>,
    options?: { policy?: ChildrenPolicy | undefined },
  ): Promise<AnyResult | AnyResult[]> => {
    const policy = options?.policy ?? "fail-fast";
    const { outcomes, failed } = await settle(queue, items, policy);
    if (policy === "all-settled") return outcomes.map(decodeOutcome);
    if (failed >= 0) return decodeOutcome(outcomes[failed]!);
    return ok(outcomes.map((o) => (decodeOutcome(o) as { value: unknown }).value));
  };

  return {
    children: children as ChildRuns["children"],
    child: (async (queue: unknown, key: string, input: unknown, options?: ChildRunOptions) => {
      const all = (await children(queue, [{ ...options, key, input }])) as AnyResult;
      return all.ok ? ok((all.value as unknown[])[0]) : err(all.error);
    }) as ChildRuns["child"],
  };
}

// The first failed child, preferring one not cancelled: siblings cancelled by an earlier fail-fast
// check (of a parent attempt that then died) must not hide the failure that cancelled them.
function firstFailure(outcomes: ReadonlyArray<string | null>): number {
  let cancelled = -1;
  for (let i = 0; i < outcomes.length; i++) {
    const text = outcomes[i];
    if (text === null || text === undefined) continue;
    const result = decodeOutcome(text);
    if (!isErr(result)) continue;
    if (!isRunCancelledError(result.error)) return i;
    if (cancelled < 0) cancelled = i;
  }
  return cancelled;
}
