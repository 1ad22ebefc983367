// awaitly/otel: re-exports @awaitly/otel unchanged.
export * from "@awaitly/otel";
