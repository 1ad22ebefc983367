/**
 * @internal Waits `ms`, or less when one of `signals` aborts. `setTimeout` is the global one looked
 * up at call time, so fake timers apply.
 */
export function pause(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  return new Promise((resolve) => {
    if (live.length === 0) {
      setTimeout(resolve, ms);
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) s.addEventListener("abort", done, { once: true });
  });
}
