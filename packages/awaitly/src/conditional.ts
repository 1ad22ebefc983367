// awaitly/conditional: re-exports @awaitly/conditional unchanged.
export * from "@awaitly/conditional";
