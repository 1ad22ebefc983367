// awaitly/visualize: re-exports @awaitly/visualize unchanged.
export * from "@awaitly/visualize";
