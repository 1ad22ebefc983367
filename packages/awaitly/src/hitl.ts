// awaitly/hitl: re-exports @awaitly/hitl unchanged.
export * from "@awaitly/hitl";
