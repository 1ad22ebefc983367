/** The assertions the contract suite uses; Vitest's and Jest's `expect` both fit. */
export interface ContractMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toStrictEqual(expected: unknown): void;
  toBeUndefined(): void;
  toBeNull(): void;
  toBeGreaterThan(expected: number | bigint): void;
  toHaveLength(expected: number): void;
  toContain(expected: unknown): void;
  toMatchObject(expected: Record<string, unknown>): void;
  readonly not: ContractMatchers;
}

/**
 * The test functions the suite registers its tests with, passed in so `@awaitly/persistence` does
 * not depend on a test runner.
 */
export interface ContractTestApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void>, timeout?: number) => void;
  expect: (actual: unknown) => ContractMatchers;
}

/** @internal Settles a promise into what it rejected with, or `undefined` when it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error ?? new Error("rejected with a nullish reason");
  }
}

/** @internal Polls `check` until it holds or `timeoutMs` passes (the stores' clocks are not the test's). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
