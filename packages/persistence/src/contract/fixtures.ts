import { err, ok, type Result, type ResumeStateEntry, type UnexpectedError } from "@awaitly/core";

/** @internal A typed error as users write them: a tagged object with fields. */
export type NotFound = { type: "NOT_FOUND"; id: number; tags: string[] };

const thrown = new TypeError("socket hang up");
const unexpected: UnexpectedError = {
  type: "UNEXPECTED_ERROR",
  cause: { type: "UNCAUGHT_EXCEPTION", thrown: { message: "socket hang up" } },
};

/**
 * @internal Every shape of serialisable Result a step can produce, as step entries: values of each
 * JSON type, typed errors, Error and value causes, and a thrown step's UnexpectedError with its meta.
 */
export const ENTRIES: ReadonlyArray<readonly [string, ResumeStateEntry]> = [
  ["ok-number", { result: ok(-1.5) }],
  ["ok-zero", { result: ok(0) }],
  ["ok-empty-string", { result: ok("") }],
  ["ok-false", { result: ok(false) }],
  ["ok-null", { result: ok(null) }],
  ["ok-undefined", { result: ok(undefined) }],
  ["ok-unicode", { result: ok('naïve — 日本語 🎉 "quoted" \\ \n\t \u0000 </script>') }],
  ["ok-object", { result: ok({ id: "u1", nested: { list: [1, "two", null, { deep: true }] } }) }],
  ["ok-array", { result: ok([[], {}, [[["x"]]]]) }],
  [
    "ok-proto-keys",
    { result: ok(JSON.parse('{"__proto__":{"polluted":1},"constructor":"c"}') as unknown) },
  ],
  ["err-string", { result: err("DECLINED"), meta: { origin: "result", resultCause: undefined } }],
  [
    "err-typed",
    {
      result: err<NotFound>({ type: "NOT_FOUND", id: 42, tags: ["a", "b"] }),
      meta: { origin: "result", resultCause: undefined },
    },
  ],
  [
    "err-error-cause",
    {
      result: err("FETCH_FAILED", { cause: thrown }),
      meta: { origin: "result", resultCause: thrown },
    },
  ],
  [
    "err-value-cause",
    {
      result: err("DECLINED", { cause: { code: 51, retry: false } }),
      meta: { origin: "result", resultCause: { code: 51, retry: false } },
    },
  ],
  ["err-null-cause", { result: err("E", { cause: null }) }],
  [
    "err-unexpected",
    { result: err(unexpected, { cause: thrown }), meta: { origin: "throw", thrown } },
  ],
];

/** @internal Keys that break naive stores: glob, LIKE and regex metacharacters, SQL, paths, prototype names, Unicode, length. */
export const HOSTILE_KEYS: readonly string[] = [
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "a:b:c",
  "*",
  "?",
  "[abc]",
  "%_",
  "\\",
  "'; DROP TABLE awaitly; --",
  "../../etc/passwd",
  "CON",
  " leading and trailing ",
  "new\nline",
  "ключ-🎉-キー",
  "k".repeat(512),
];

/** @internal Values that break naive stores. */
export const HOSTILE_VALUES: readonly string[] = [
  "",
  " ",
  "null",
  '{"json":"text"}',
  "\u0000NUL\u0000",
  "é🎉\uFFFF",
  "x".repeat(100_000),
];

/** @internal Asserts `actual` is what `expected` becomes after the JSON wire format: Error causes keep name and message. */
export function sameEntry(
  actual: ResumeStateEntry | undefined,
  expected: ResumeStateEntry,
): string | undefined {
  if (actual === undefined) return "missing";
  const problem = sameResult(actual.result, expected.result);
  if (problem !== undefined) return `result: ${problem}`;
  if (expected.meta === undefined) return undefined;
  if (actual.meta?.origin !== expected.meta.origin)
    return `meta.origin is ${String(actual.meta?.origin)}`;
  const want = expected.meta.origin === "throw" ? expected.meta.thrown : expected.meta.resultCause;
  const got = actual.meta.origin === "throw" ? actual.meta.thrown : actual.meta.resultCause;
  return sameCause(got, want, "meta cause");
}

function sameResult(
  actual: Result<unknown, unknown, unknown>,
  expected: Result<unknown, unknown, unknown>,
): string | undefined {
  if (actual.ok !== expected.ok) return `ok is ${String(actual.ok)}`;
  if (expected.ok) {
    return sameJson((actual as { value: unknown }).value, expected.value, "value");
  }
  const a = actual as { error: unknown; cause?: unknown };
  return sameJson(a.error, expected.error, "error") ?? sameCause(a.cause, expected.cause, "cause");
}

function sameCause(actual: unknown, expected: unknown, what: string): string | undefined {
  if (expected instanceof Error) {
    if (!(actual instanceof Error)) return `${what} is not an Error (${JSON.stringify(actual)})`;
    if (actual.name !== expected.name || actual.message !== expected.message) {
      return `${what} is ${actual.name}: ${actual.message}`;
    }
    return undefined;
  }
  return sameJson(actual, expected, what);
}

function sameJson(actual: unknown, expected: unknown, what: string): string | undefined {
  const want = JSON.stringify(expected);
  const got = JSON.stringify(actual);
  return got === want ? undefined : `${what} is ${String(got)}, expected ${String(want)}`;
}
