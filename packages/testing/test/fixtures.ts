import { ok, type AsyncResult } from "@awaitly/core";
import type { MockStep } from "@awaitly/testing";

export const fetchUser = async (id: string): AsyncResult<{ id: string }, "NOT_FOUND"> => ok({ id });
export const charge = async (cents: number): AsyncResult<string, "DECLINED"> => ok(`ch_${cents}`);
export type Deps = { fetchUser: typeof fetchUser; charge: typeof charge };
export type E = "NOT_FOUND" | "DECLINED";

/** A two-step checkout body, written once and run by the harness and by real workflows. */
export const checkoutBody = async (step: MockStep<E>, deps: Deps): Promise<string> => {
  const user = await step(() => deps.fetchUser("u1"), "fetch user");
  return step(() => deps.charge(user.id.length), { name: "charge", key: "charge:1" });
};
