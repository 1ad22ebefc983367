import type { ApprovalStatus, ApprovalStore } from "./approval-store";
import type { PollerOptions } from "./orchestrator-types";

/** Defaults of `pollApproval`. */
export const DEFAULT_POLLER_OPTIONS = { intervalMs: 1000 } as const;

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(
      `pollApproval: ${name} must be a finite number >= 0, got ${String(value)}`,
    );
  }
}

/** @internal Reads `key` until it is no longer pending, `maxPolls` is reached or `timeoutMs` passed. */
export async function pollApproval<T>(
  store: ApprovalStore,
  key: string,
  options: PollerOptions | undefined,
): Promise<ApprovalStatus<T>> {
  const intervalMs = options?.intervalMs ?? DEFAULT_POLLER_OPTIONS.intervalMs;
  const { maxPolls, timeoutMs, onPollStart, onPollComplete } = options ?? {};
  checkCount("intervalMs", intervalMs);
  checkCount("maxPolls", maxPolls);
  checkCount("timeoutMs", timeoutMs);
  const start = Date.now();
  let polls = 0;
  for (;;) {
    onPollStart?.();
    const status = await store.getApproval(key);
    onPollComplete?.(status);
    if (status.status !== "pending") return status as ApprovalStatus<T>;
    polls++;
    if (maxPolls !== undefined && polls >= maxPolls) return { status: "pending" };
    if (timeoutMs !== undefined && Date.now() - start >= timeoutMs) return { status: "pending" };
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}
