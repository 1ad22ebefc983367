import type { RunContext } from "./run-context";

/** @internal A step promise handed to the body and not yet settled. */
export interface Running {
  label: string;
  promise: Promise<unknown> | undefined;
}

const ignore = (): void => {};

/**
 * @internal Registers a step the body started; `settled` removes it. A step started while a race
 * is open is a contender: losing and being left running is its contract, so it is not registered
 * (the run neither waits for it nor reports it), only its failure is marked handled.
 */
export function starting(rc: RunContext, label: string): Running {
  const running: Running = { label, promise: undefined };
  if (rc.openRaces === 0) (rc.running ??= new Set()).add(running);
  return running;
}

/** @internal Attaches the promise the body received for a registered step. */
export function handedOut<T>(rc: RunContext, running: Running, promise: Promise<T>): Promise<T> {
  running.promise = promise;
  // A contender, or started after the body returned: nobody may handle its failure, so we do.
  if (rc.onSettled !== undefined || rc.openRaces > 0) promise.then(undefined, ignore);
  return promise;
}

/** @internal Removes a settled step and lets a waiting run check whether it may resolve. */
export function settled(rc: RunContext, running: Running): void {
  rc.running?.delete(running);
  rc.onSettled?.();
}

/** @internal Tracks an async step form: the returned promise is the one to hand to the body. */
export function tracked<T>(rc: RunContext, label: string, pending: Promise<T>): Promise<T> {
  const running = starting(rc, label);
  return handedOut(
    rc,
    running,
    pending.then(
      (value) => {
        settled(rc, running);
        return value;
      },
      (reason: unknown) => {
        settled(rc, running);
        throw reason;
      },
    ),
  );
}

const isIdle = (rc: RunContext): boolean =>
  (rc.running === undefined || rc.running.size === 0) && rc.unnamedRunning === 0;

/**
 * @internal Called when the body has settled. Returns `undefined` when no step is running (the
 * usual case, no promise made); otherwise marks every running step's failure as handled and
 * returns a promise of the labels of the steps that were still running, resolved once all settle.
 */
export function waitForRunning(rc: RunContext): Promise<string[]> | undefined {
  if (isIdle(rc)) return undefined;
  const labels = new Set<string>();
  for (const running of rc.running ?? []) {
    labels.add(running.label);
    running.promise?.then(undefined, ignore);
  }
  if (rc.unnamedRunning > 0) labels.add("(unnamed step)");
  return new Promise((resolve) => {
    rc.onSettled = () => {
      if (!isIdle(rc)) return;
      rc.onSettled = undefined;
      resolve([...labels]);
    };
  });
}
