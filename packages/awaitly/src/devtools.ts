// awaitly/devtools: re-exports @awaitly/devtools unchanged.
export * from "@awaitly/devtools";
