/**
 * True when `value` is an object whose `type` discriminant equals `type`. Every `isX` guard of the
 * `@awaitly/*` packages is built on it, so two copies of a package still recognise each other's
 * values (no `instanceof`).
 *
 * @example
 * const isLockLost = (e: unknown): e is LockLostError => hasType(e, "LOCK_LOST");
 */
export const hasType = <T extends string>(value: unknown, type: T): value is { type: T } =>
  typeof value === "object" && value !== null && (value as { type?: unknown }).type === type;
