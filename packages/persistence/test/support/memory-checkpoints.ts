import type { CheckpointIO, Fence, ResumeState } from "@awaitly/core";
import { LockLostError, parseState, stringifyEntry } from "@awaitly/persistence";

/** A lease of the in-process lock: `assertHeld` fails once another holder took the key. */
export interface MemoryLease extends Fence {
  release(): Promise<boolean>;
}

/** An in-process lease lock whose holders the tests can expire, and the checkpoint I/O it fences. */
export function createMemoryCheckpoints(): {
  io: CheckpointIO<MemoryLease> & { writes: number };
  acquire(key: string): Promise<MemoryLease | undefined>;
  expire(key: string): void;
} {
  const holders = new Map<string, string>();
  const runs = new Map<string, Map<string, string>>();
  let tokens = 0;
  const holds = (fence: Fence | undefined): boolean =>
    fence === undefined || holders.get(fence.key) === fence.token;

  const io: CheckpointIO<MemoryLease> & { writes: number } = {
    writes: 0,
    async load(runId): Promise<ResumeState> {
      const body = [...(runs.get(runId) ?? [])]
        .map(([key, value]) => `${JSON.stringify(key)}:${value}`)
        .join(",");
      return parseState(`{"version":1,"entries":{${body}}}`);
    },
    async write(runId, stepKey, entry, fence) {
      const value = stringifyEntry(entry);
      if (!holds(fence)) return "lost";
      io.writes++;
      const steps = runs.get(runId) ?? new Map<string, string>();
      runs.set(runId, steps.set(stepKey, value));
      return "written";
    },
    async remove(runId, stepKey, fence) {
      if (!holds(fence)) return "lost";
      const steps = runs.get(runId);
      if (steps?.delete(stepKey) === true && steps.size === 0) runs.delete(runId);
      return "written";
    },
    async delete(runId) {
      return runs.delete(runId);
    },
    async list() {
      return [...runs.keys()];
    },
  };

  return {
    io,
    async acquire(key) {
      if (holders.has(key)) return undefined;
      const token = String(++tokens);
      holders.set(key, token);
      const lease: MemoryLease = {
        key,
        token,
        get lost() {
          return holders.get(key) !== token;
        },
        assertHeld() {
          if (lease.lost) throw new LockLostError(key, "another holder has it");
        },
        async release() {
          if (lease.lost) return false;
          holders.delete(key);
          return true;
        },
      };
      return lease;
    },
    expire(key) {
      holders.delete(key);
    },
  };
}
