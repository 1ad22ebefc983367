// awaitly/persistence: re-exports @awaitly/persistence unchanged.
export * from "@awaitly/persistence";
