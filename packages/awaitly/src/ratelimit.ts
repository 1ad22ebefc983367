// awaitly/ratelimit: re-exports @awaitly/ratelimit unchanged.
export * from "@awaitly/ratelimit";
