// awaitly/tagged-error: re-exports @awaitly/tagged-error unchanged.
export * from "@awaitly/tagged-error";
