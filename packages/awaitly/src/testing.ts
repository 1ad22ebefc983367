// awaitly/testing: re-exports @awaitly/testing unchanged.
export * from "@awaitly/testing";
