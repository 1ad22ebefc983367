import type { JobLockFence } from "../checkpointer";
import { StopRun, type ActiveRun } from "./active-runs";

/**
 * @internal BullMQ's job lock as the checkpointer's fence: a write lands only while the lock
 * holds the token. A class: an object literal with getters is slow to create, and one is made
 * per job.
 */
export class JobLock implements JobLockFence {
  constructor(
    private readonly run: ActiveRun,
    readonly redisKey: string,
    readonly token: string,
  ) {}

  get key(): string {
    return this.run.runId;
  }

  get lost(): boolean {
    return this.run.stop === "lock-lost";
  }

  get signal(): AbortSignal {
    return this.run.signal;
  }

  assertHeld(): void {
    if (this.run.stop === "lock-lost") throw new StopRun("lock-lost");
  }

  release(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
