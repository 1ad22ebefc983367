import type { RunContext } from "./run-context";

/**
 * @internal A step promise handed to the body and not yet settled. Running steps form a
 * doubly-linked list from `rc.running`: adding and removing one is a few field writes (a `Set`
 * cost a listened step ~10% in profiles). A class so every node has one shape: a listened or
 * named single-attempt step uses its `StepIdentity` (a subclass) as its node.
 */
export class Running {
  declare label: string;
  declare promise: Promise<unknown> | undefined;
  declare prev: Running | undefined;
  declare next: Running | undefined;
  declare listed: boolean;

  constructor(label: string) {
    this.label = label;
    this.promise = undefined;
    this.prev = undefined;
    this.next = undefined;
    this.listed = false;
  }
}

/** @internal Does nothing: marks a promise's rejection handled, stands in for a missing callback. */
export const ignore = (): void => {};

/**
 * @internal Registers a step the body started; `settled` removes it. A step started while a race
 * is open is a contender: losing and being left running is its contract, so it is not registered
 * (the run neither waits for it nor reports it), only its failure is marked handled.
 */
export function starting<N extends Running>(rc: RunContext, running: N): N {
  if (rc.openRaces === 0) {
    const head = rc.running;
    running.listed = true;
    running.next = head;
    if (head !== undefined) head.prev = running;
    rc.running = running;
  }
  return running;
}

/** @internal Attaches the promise the body received for a registered step. */
export function handedOut<T>(rc: RunContext, running: Running, promise: Promise<T>): Promise<T> {
  running.promise = promise;
  // A contender, or started after the body returned: nobody may handle its failure, so we do.
  if (rc.onSettled !== undefined || rc.openRaces > 0) promise.then(undefined, ignore);
  return promise;
}

/**
 * @internal A step the body holds failed while the body ran. Its rejection is marked handled: a
 * step the body never awaited would otherwise crash the process with an unhandled rejection. The
 * first such failure is kept, so a body that returns without the step's value still ends the run
 * failed (run.ts), exactly as if it had awaited it. Race contenders never come here.
 */
export function failedWhileRunning(
  rc: RunContext,
  promise: Promise<unknown> | undefined,
  reason: unknown,
): void {
  promise?.then(undefined, ignore);
  if (rc.failure === undefined && rc.onSettled === undefined) rc.failure = { reason };
}

/** @internal Removes a settled step and lets a waiting run check whether it may resolve. */
export function settled(rc: RunContext, running: Running): void {
  if (running.listed) {
    running.listed = false;
    const { prev, next } = running;
    if (prev === undefined) rc.running = next;
    else prev.next = next;
    if (next !== undefined) next.prev = prev;
  }
  rc.onSettled?.();
}

/** @internal Tracks an async step form: the returned promise is the one to hand to the body. */
export function tracked<T>(rc: RunContext, label: string, pending: Promise<T>): Promise<T> {
  const running = starting(rc, new Running(label));
  return handedOut(
    rc,
    running,
    pending.then(
      (value) => {
        settled(rc, running);
        return value;
      },
      (reason: unknown) => {
        if (running.listed) failedWhileRunning(rc, running.promise, reason);
        settled(rc, running);
        throw reason;
      },
    ),
  );
}

const isIdle = (rc: RunContext): boolean => rc.running === undefined && rc.unnamedRunning === 0;

/**
 * @internal Called when the body has settled. Returns `undefined` when no step is running (the
 * usual case, no promise made); otherwise marks every running step's failure as handled and
 * returns a promise of the labels of the steps that were still running, resolved once all settle.
 */
export function waitForRunning(rc: RunContext): Promise<string[]> | undefined {
  if (isIdle(rc)) return undefined;
  // The list runs newest first; report in start order.
  const newestFirst: string[] = [];
  for (let running = rc.running; running !== undefined; running = running.next) {
    newestFirst.push(running.label);
    running.promise?.then(undefined, ignore);
  }
  const labels = new Set(newestFirst.reverse());
  if (rc.unnamedRunning > 0) labels.add("(unnamed step)");
  return new Promise((resolve) => {
    rc.onSettled = () => {
      if (!isIdle(rc)) return;
      rc.onSettled = undefined;
      resolve([...labels]);
    };
  });
}
