/** Slices per window: a failure counts for between 95% and 100% of `windowSize`. */
export const WINDOW_SLICES = 20;

/** A sliding count of failures kept as one counter per time slice: constant memory and cost. */
export interface FailureWindow {
  /** Adds one failure at `now`. */
  add(now: number): void;
  /** Failures still inside the window at `now`. */
  count(now: number): number;
  clear(): void;
}

/**
 * Counts failures in `WINDOW_SLICES` fixed slices of `windowSize / WINDOW_SLICES` ms. A failure
 * in slice `k` counts while the current slice is less than `WINDOW_SLICES` slices later, so it
 * ages out between `windowSize - slice` and `windowSize` ms after it happened.
 */
export function createFailureWindow(windowSize: number): FailureWindow {
  const sliceMs = windowSize / WINDOW_SLICES;
  const counts = new Array<number>(WINDOW_SLICES).fill(0);
  let head = 0; // absolute index of the newest slice
  let total = 0;

  const advance = (now: number): number => {
    const current = Math.floor(now / sliceMs);
    // A clock that steps back keeps counting into the newest slice.
    if (current <= head) return head;
    const steps = Math.min(current - head, WINDOW_SLICES);
    for (let i = 1; i <= steps; i++) {
      const at = (head + i) % WINDOW_SLICES;
      total -= counts[at]!;
      counts[at] = 0;
    }
    head = current;
    return head;
  };

  return {
    add(now) {
      const slice = advance(now) % WINDOW_SLICES;
      counts[slice]!++;
      total++;
    },
    count(now) {
      advance(now);
      return total;
    },
    clear() {
      counts.fill(0);
      total = 0;
    },
  };
}
