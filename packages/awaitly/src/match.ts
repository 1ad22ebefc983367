// awaitly/match: re-exports @awaitly/match unchanged.
export * from "@awaitly/match";
