import type { JobsOptions, Queue } from "bullmq";
import type { RedisClient } from "./option-checks";
import type { RunJobData } from "./keys";

/** @internal The job a run's record keeps (`a`) for whichever process adds it later. */
export type StoredJob = { name: string; opts: JobsOptions; data?: Omit<RunJobData, "input"> };

/**
 * @internal Adds the BullMQ job a run's record describes (its input `i`, its job `a`), merged with
 * `extra`; does nothing when the record holds neither. Adding a job id that exists is a no-op.
 */
export async function addStoredJob(
  redis: RedisClient,
  queue: Queue<RunJobData>,
  record: string,
  jobId: string,
  extra: Partial<RunJobData> = {},
): Promise<void> {
  const [input, stored] = await redis.hmget(record, "i", "a");
  if (input === null || input === undefined || stored === null || stored === undefined) return;
  const { name, opts, data } = JSON.parse(stored) as StoredJob;
  await queue.add(
    name,
    { ...data, input: JSON.parse(input) as unknown, ...extra },
    { ...opts, jobId },
  );
}
