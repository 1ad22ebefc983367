/**
 * The attribute names @awaitly/otel writes, following OpenTelemetry naming (lower-case,
 * dot-separated, under the `awaitly.` namespace). Span-only attributes may carry ids; metric
 * attributes never do, so metric cardinality stays bounded by your step names.
 */
export const AWAITLY_ATTRIBUTES = {
  workflowId: "awaitly.workflow.id",
  workflowOutcome: "awaitly.workflow.outcome",
  stepId: "awaitly.step.id",
  stepKey: "awaitly.step.key",
  stepName: "awaitly.step.name",
  stepAttempt: "awaitly.step.attempt",
  stepMaxAttempts: "awaitly.step.max_attempts",
  stepCacheHit: "awaitly.step.cache_hit",
  stepOutcome: "awaitly.step.outcome",
  stepDurationMs: "awaitly.step.duration_ms",
  errorType: "awaitly.error.type",
  retryDelayMs: "awaitly.retry.delay_ms",
  timeoutMs: "awaitly.timeout.ms",
  scopeId: "awaitly.scope.id",
  scopeType: "awaitly.scope.type",
  scopeWinnerId: "awaitly.scope.winner_id",
  skipReason: "awaitly.skip.reason",
  runId: "awaitly.run.id",
  runDelivery: "awaitly.run.delivery",
  runResumed: "awaitly.run.resumed",
  workflowName: "awaitly.workflow.name",
  attemptOutcome: "awaitly.attempt.outcome",
  linkKind: "awaitly.link.kind",
  signalName: "awaitly.signal.name",
  sagaId: "awaitly.saga.id",
  compensationOutcome: "awaitly.compensation.outcome",
  waitKind: "awaitly.wait.kind",
  waitOutcome: "awaitly.wait.outcome",
  waitUntil: "awaitly.wait.until",
  /** The OpenTelemetry semantic-convention attribute for a failure's class. */
  errorTypeSemconv: "error.type",
} as const;

/** Metric instrument names. */
export const AWAITLY_METRICS = {
  stepDuration: "awaitly.step.duration",
  stepErrors: "awaitly.step.errors",
  stepRetries: "awaitly.step.retries",
  stepTimeouts: "awaitly.step.timeouts",
  cacheHits: "awaitly.step.cache.hits",
  cacheMisses: "awaitly.step.cache.misses",
  workflowRuns: "awaitly.workflow.runs",
  workflowDuration: "awaitly.workflow.duration",
} as const;
