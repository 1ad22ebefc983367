/**
 * The host globals core relies on, declared by hand. Core's tsconfig has neither DOM nor Node
 * types, so code that reaches for something a runtime might lack fails to compile here rather than
 * in a user's browser, worker, Deno or Bun. Every member below exists in all of them and in
 * Node ≥ 20; widen the list on purpose only. Only core's own program sees this file: dependants and
 * users compile against their DOM or Node declarations, whose shapes these follow.
 */

/** An opaque timer id: a number in browsers, an object in Node. */
interface HostTimerHandle {
  readonly __hostTimer?: never;
}

declare function setTimeout(callback: () => void, ms?: number): HostTimerHandle;
declare function clearTimeout(handle: HostTimerHandle | undefined): void;

interface Performance {
  now(): number;
}
declare const performance: Performance;

interface Crypto {
  getRandomValues<T extends Uint8Array>(array: T): T;
}
declare const crypto: Crypto;

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare const AbortController: new () => AbortController;
