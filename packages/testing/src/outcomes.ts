import type { ScriptedOutcome } from "./types";

/** A scripted success. */
export const okOutcome = <T>(value: T): ScriptedOutcome<T, never> => ({ type: "ok", value });
/** A scripted typed failure. */
export const errOutcome = <E>(error: E): ScriptedOutcome<never, E> => ({ type: "err", error });
/** A scripted exception. */
export const throwOutcome = (error: unknown): ScriptedOutcome<never, never> => ({
  type: "throw",
  error,
});
