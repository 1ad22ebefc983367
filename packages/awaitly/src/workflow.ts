// awaitly/workflow: run(), steps, events and createWorkflow: @awaitly/core re-exported whole.
export * from "@awaitly/core";
