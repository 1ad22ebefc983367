// awaitly/schedule: re-exports @awaitly/schedule unchanged.
export * from "@awaitly/schedule";
