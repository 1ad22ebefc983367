import { badInput } from "./internal/bad-input";
import type { RunContext } from "./internal/run-context";
import { hasRecordedAhead, PATCH_PREFIX } from "./internal/step-order";

/**
 * @internal `step.patched(id)`: true when the run takes the code's new path, false when it is a
 * run started before the change. A run whose record holds the patch's marker took the new path
 * before; a run with recorded steps still ahead of it went past this point without the patch (its
 * old path); any other run is at its frontier and takes the new path, recording the marker as a
 * keyed step (`mark`) so its later resumes answer the same. Runs without a record (plain `run()`,
 * a workflow without cache or hooks) always take the new path.
 */
export function runPatched(
  rc: RunContext,
  id: unknown,
  mark: (key: string) => Promise<unknown>,
): Promise<boolean> {
  if (typeof id !== "string" || id === "") {
    return Promise.reject(badInput("step.patched", "id", "a non-empty string", id));
  }
  const order = rc.hooks !== undefined ? rc.order : undefined;
  if (order === undefined) return Promise.resolve(true);
  if (order.halted !== undefined) return Promise.reject(order.halted);
  order.patches.push(id);
  const key = PATCH_PREFIX + id;
  if (rc.hooks?.cache?.has(key) !== true && hasRecordedAhead(order)) {
    order.oldPaths.push(id);
    return Promise.resolve(false);
  }
  return mark(key).then(() => true);
}
