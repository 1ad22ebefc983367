// awaitly/resource: re-exports @awaitly/resource unchanged.
export * from "@awaitly/resource";
