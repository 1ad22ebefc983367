/**
 * @internal Runs `fn` now (so the in-memory stores check and write synchronously) and reports its
 * result or throw as a promise, the way an async store would.
 */
export const settle = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));
