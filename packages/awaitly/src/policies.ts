// awaitly/policies: re-exports @awaitly/policies unchanged.
export * from "@awaitly/policies";
