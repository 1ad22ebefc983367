import {
  isSuspended,
  type CheckpointAnnex,
  type CheckpointHooks,
  type CheckpointIO,
  type CheckpointWriteStatus,
  type Fence,
  type FenceSource,
  type Result,
  type ResumeStateEntry,
} from "@awaitly/core";
import { LockLostError } from "./lock-lost-error";

/** Options of `createCheckpointHooks`. */
export interface CheckpointHooksOptions<TFence extends Fence = Fence> {
  /**
   * The lease (or lock guard) that must hold for each step to start and each checkpoint to land;
   * `false` writes unfenced, so a process whose lease ran out can overwrite a newer holder's
   * checkpoints. Required.
   */
  fence: FenceSource<TFence> | false;
  /**
   * Asked for a field of another hash to write with each done step's checkpoint, atomically: pass
   * it only over an I/O whose `write` honours `annex`. Defaults to none.
   */
  annex?: ((stepKey: string) => CheckpointAnnex | undefined) | undefined;
  /** Names the caller in error messages, e.g. `"RedisCheckpointer.forRun"`. Defaults to `"createCheckpointHooks"`. */
  caller?: string | undefined;
}

/**
 * The checkpoint policy, over a store's I/O: spread the hooks into `createWorkflow`'s options or a
 * workflow call's options. A keyed step that is done — an ok result, or a suspended one (a pending
 * approval, so writing its decision resumes the run past the gate) — is written with the entry core
 * passes; a failed step is not, so a resumed run runs it again. `step.invalidate` removes the step.
 * Fenced runs check the lease before every step starts and before every write, and the store checks
 * it again inside the write; a refused write rejects with `LockLostError`.
 * @example
 * const hooks = createCheckpointHooks(myStoreIO, "order-42", { fence: guard });
 * await workflow(async (step) => step(() => charge(42), { key: "charge" }), hooks);
 */
export function createCheckpointHooks<TFence extends Fence>(
  io: CheckpointIO<TFence>,
  runId: string,
  options: CheckpointHooksOptions<TFence>,
): CheckpointHooks {
  const caller = options?.caller ?? "createCheckpointHooks";
  if (typeof runId !== "string" || runId === "") {
    throw new TypeError(`${caller}: runId must be a non-empty string, got ${String(runId)}`);
  }
  const fence = checkFence(caller, (options as Partial<CheckpointHooksOptions<TFence>>)?.fence);
  const annex = (options as Partial<CheckpointHooksOptions<TFence>> | undefined)?.annex;
  if (annex !== undefined && typeof annex !== "function") {
    throw new TypeError(`${caller}: option "annex" must be a function, got ${String(annex)}`);
  }
  return {
    // The run's id goes with its state, so a WorkflowDriftError names the run.
    resumeState: () => io.load(runId).then((state) => ({ ...state, runId })),
    onBeforeStep: fence === false ? undefined : () => void heldFence(fence, runId),
    onAfterStep: (stepKey, result, _workflowId, _context, entry) =>
      isDone(result)
        ? saveCheckpoint(io, runId, stepKey, entry ?? { result }, fence, annex?.(stepKey))
        : Promise.resolve(),
    onStepInvalidated: (stepKey) => removeCheckpoint(io, runId, stepKey, fence),
  };
}

/**
 * Writes one step entry (any entry, failed ones too) through the policy, with `annex` in the same
 * change when given: a fenced write checks the lease first and rejects with `LockLostError` when
 * the store refuses it.
 */
export function saveCheckpoint<TFence extends Fence>(
  io: CheckpointIO<TFence>,
  runId: string,
  stepKey: string,
  entry: ResumeStateEntry,
  fence: FenceSource<TFence> | false,
  annex?: CheckpointAnnex,
): Promise<void> {
  if (fence === false) return io.write(runId, stepKey, entry, undefined, annex).then(ignore);
  let lease: TFence;
  try {
    lease = heldFence(fence, runId);
  } catch (error) {
    return Promise.reject(error);
  }
  // No await before the write: a store may number its writes in call order.
  return io.write(runId, stepKey, entry, lease, annex).then((status) => refused(status, lease));
}

/** Deletes one step entry through the policy, fenced like `saveCheckpoint`. */
export function removeCheckpoint<TFence extends Fence>(
  io: CheckpointIO<TFence>,
  runId: string,
  stepKey: string,
  fence: FenceSource<TFence> | false,
): Promise<void> {
  if (fence === false) return io.remove(runId, stepKey, undefined).then(ignore);
  let lease: TFence;
  try {
    lease = heldFence(fence, runId);
  } catch (error) {
    return Promise.reject(error);
  }
  return io.remove(runId, stepKey, lease).then((status) => refused(status, lease));
}

// What is saved: steps that are done. A failed step runs again on resume.
const isDone = (result: Result<unknown, unknown, unknown>): boolean =>
  result.ok || isSuspended(result.error);

const ignore = (): void => {};

function refused(status: CheckpointWriteStatus, lease: Fence): void {
  if (status === "written") return;
  throw new LockLostError(
    lease.key,
    status === "lost"
      ? "its lease expired or another holder has it"
      : "a later checkpoint landed first",
  );
}

// The fence's lease, checked on this process's clock; throws LockLostError when it is not held.
function heldFence<TFence extends Fence>(fence: FenceSource<TFence>, runId: string): TFence {
  const lease = "token" in fence ? fence : fence.lease;
  if (lease === undefined) throw new LockLostError(runId, "no lease is held for this run");
  lease.assertHeld();
  return lease;
}

function checkFence<TFence extends Fence>(
  caller: string,
  fence: FenceSource<TFence> | false | undefined,
): FenceSource<TFence> | false {
  if (fence === false || (typeof fence === "object" && fence !== null)) return fence;
  throw new TypeError(
    `${caller}: option "fence" is required: pass { fence: guard } (a lock guard or lease), or { fence: false } to write unfenced; got ${String(fence)}`,
  );
}
