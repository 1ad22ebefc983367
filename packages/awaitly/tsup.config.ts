import { awaitlyTsup } from "../../scripts/tsup.config.base";

// One output file per 1.0.0 entry point; the @awaitly/* packages stay external.
export default awaitlyTsup({
  entry: [
    "src/index.ts",
    "src/core.ts",
    "src/workflow.ts",
    "src/batch.ts",
    "src/duration.ts",
    "src/retry.ts",
    "src/schedule.ts",
    "src/resource.ts",
    "src/reliability.ts",
    "src/circuit-breaker.ts",
    "src/ratelimit.ts",
    "src/saga.ts",
    "src/policies.ts",
    "src/persistence.ts",
    "src/hitl.ts",
    "src/webhook.ts",
    "src/otel.ts",
    "src/visualize.ts",
    "src/devtools.ts",
    "src/testing.ts",
    "src/conditional.ts",
    "src/match.ts",
    "src/tagged-error.ts",
  ],
});
