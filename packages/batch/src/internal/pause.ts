import type { Clock } from "@awaitly/core";

/**
 * @internal Waits `ms` on `clock`, or less when one of `signals` aborts. The real clock looks the
 * global timers up at call time, so fake timers apply.
 */
export function pause(
  clock: Clock,
  ms: number,
  ...signals: (AbortSignal | undefined)[]
): Promise<void> {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  return new Promise((resolve) => {
    if (live.length === 0) {
      clock.setTimeout(resolve, ms);
      return;
    }
    const done = (): void => {
      clock.clearTimeout(timer);
      for (const s of live) s.removeEventListener("abort", done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    for (const s of live) s.addEventListener("abort", done, { once: true });
  });
}
