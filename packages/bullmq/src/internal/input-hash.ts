import { createHash } from "node:crypto";

// Key order must not change the hash: objects are written with sorted keys.
function stable(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  const record = value as Record<string, unknown>;
  if (typeof (record as { toJSON?: unknown }).toJSON === "function") {
    return stable((record as { toJSON: () => unknown }).toJSON());
  }
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stable(record[k])}`).join(",")}}`;
}

/** @internal A stable hash of a run's input, to tell a repeated enqueue from a conflicting one. */
export function inputHash(input: unknown): string {
  return createHash("sha1").update(stable(input)).digest("base64url");
}
