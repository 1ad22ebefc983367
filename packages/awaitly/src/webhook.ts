// awaitly/webhook: re-exports @awaitly/webhook unchanged.
export * from "@awaitly/webhook";
