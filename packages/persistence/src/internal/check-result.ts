import type { SerializedResult } from "../serialize";

/** @internal Narrows parsed JSON to a `SerializedResult`, throwing a `TypeError` otherwise. */
export function checkSerializedResult(value: unknown): SerializedResult {
  if (
    typeof value !== "object" ||
    value === null ||
    typeof (value as { ok?: unknown }).ok !== "boolean"
  ) {
    throw new TypeError("expected a serialized Result ({ ok: boolean, ... })");
  }
  return value as SerializedResult;
}
