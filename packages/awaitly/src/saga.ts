// awaitly/saga: re-exports @awaitly/saga unchanged.
export * from "@awaitly/saga";
