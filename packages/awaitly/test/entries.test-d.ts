// Every type name the 1.0.0 entry points exported still resolves from the same entry: a missing
// name fails the type check.
import { expectTypeOf, it } from "vitest";
import type {
  Ok,
  Err,
  Result,
  AsyncResult,
  MaybeAsyncResult,
  UnexpectedError,
  UnexpectedCause,
  UnexpectedStepFailureCause,
  PromiseRejectedError,
  PromiseRejectionCause,
  EmptyInputError,
  SettledError,
  ErrorOf,
  Errors,
  ExtractValue,
  ExtractError,
  ExtractCause,
  CauseOf,
  RunStep,
  StepOptions,
  WorkflowEvent,
  ScopeType,
  RunOptions,
  RunOptionsWithCatch,
  RunOptionsWithoutCatch,
  BackoffStrategy,
  RetryOptions,
  TimeoutOptions,
  StepTimeoutError,
  StepTimeoutMarkerMeta,
  AnyResultFn,
  ErrorsOfDeps,
  CausesOfDeps,
  WorkflowOptions,
  WorkflowOptionsStrict,
  Workflow,
  WorkflowStrict,
  WorkflowContext,
  StepCache,
  ResumeState,
  ResumeStateEntry,
  DurationType,
  TaggedErrorBase,
  TaggedErrorOptions,
  TaggedErrorCreateOptions,
  TaggedErrorConstructor,
  TagOf,
  ErrorByTag,
  PropsOf,
  PendingApproval,
  ApprovalRejected,
  ApprovalStepOptions,
} from "awaitly";
import type {
  Tagged,
  Matcher,
  Ok as CoreOk,
  TaggedErrorBase as CoreTaggedErrorBase,
} from "awaitly/core";
import type {
  RunStep as WfRunStep,
  Workflow as WfWorkflow,
  ResumeState as WfResumeState,
  StepFailureMeta,
  EarlyExit,
} from "awaitly/workflow";
import type {
  SettledError as BatchSettledError,
  BatchConfig,
  BatchProgress,
  BatchOptions,
  BatchProcessingError,
  InvalidBatchConfigError,
} from "awaitly/batch";
import type { DurationType as FullDurationType } from "awaitly/duration";
import type {
  ScheduleState,
  ScheduleDecision,
  ScheduleType,
  DurationType as RetryDuration,
} from "awaitly/retry";
import type { Resource, ResourceScope, ResourceCleanupError } from "awaitly/resource";
import type {
  CircuitState,
  CircuitBreakerConfig,
  CircuitBreakerStats,
  CircuitBreaker,
} from "awaitly/circuit-breaker";
import type {
  RateLimiterConfig,
  ConcurrencyLimiterConfig,
  RateLimitExceededError,
  QueueFullError,
  RateLimiterStats,
  ConcurrencyLimiterStats,
  RateLimiter,
  ConcurrencyLimiter,
  CombinedLimiterConfig,
} from "awaitly/ratelimit";
import type {
  Policy,
  PolicyFactory,
  NamedPolicy,
  WithPoliciesOptions,
  PolicyRegistry,
  StepOptionsBuilder,
} from "awaitly/policies";
import type {
  CompensationAction,
  SagaStepOptions,
  SagaCompensationError,
  SagaContext,
  SagaEvent,
  SagaWorkflowOptions,
  SagaResult,
} from "awaitly/saga";
import type {
  CircuitBreaker as RelBreaker,
  RateLimiter as RelLimiter,
  Policy as RelPolicy,
  SagaContext as RelSaga,
} from "awaitly/reliability";
import type {
  SerializedResult,
  SerializedCause,
  SerializedMeta,
  SerializedEntry,
  SerializedState,
  MemoryCacheOptions,
  FileCacheOptions,
  FileSystemInterface,
  KeyValueStore,
  KVCacheOptions,
  StatePersistence,
  Version,
  MigrationFn,
  Migrations,
  VersionedState,
  VersionedWorkflowConfig,
  MigrationError,
  VersionIncompatibleError,
} from "awaitly/persistence";
import type {
  ApprovalStatus,
  ApprovalStore,
  SavedWorkflowState,
  WorkflowStateStore,
  HITLOrchestratorOptions,
  HITLExecutionResult,
  PollerOptions,
  HITLOrchestrator,
  HITLWorkflowFactoryOptions,
  ApprovalWebhookRequest,
  ApprovalWebhookResponse,
  PendingApproval as HitlPending,
} from "awaitly/hitl";
import type {
  WebhookRequest,
  WebhookResponse,
  ErrorResponseBody,
  ValidationResult,
  ValidationError,
  WebhookHandlerConfig,
  WebhookHandler,
  SimpleHandlerConfig,
  ErrorMapping,
  EventMessage,
  EventProcessingResult,
  EventTriggerConfig,
  EventHandler,
  ExpressLikeRequest,
  ExpressLikeResponse,
} from "awaitly/webhook";
import type {
  AutotelAdapterConfig,
  AutotelMetrics,
  AutotelAdapter,
  AutotelTraceFn,
} from "awaitly/otel";
import type {
  WorkflowVisualizer,
  CollectableEvent,
  IRBuilderOptions,
  LoggerOutput,
  LoggerRenderOptions,
  StepLog,
  HookLog,
  WorkflowSummary,
  ParallelDetectorOptions,
  LiveVisualizer,
  DecisionTracker,
  IfTracker,
  SwitchTracker,
  TimeTravelController,
  TimeTravelOptions,
  PerformanceAnalyzer,
  DevServer,
  DevServerOptions,
} from "awaitly/visualize";
import type {
  WorkflowRun,
  RunDiff,
  StepDiff,
  TimelineEntry,
  DevtoolsOptions,
  Devtools,
} from "awaitly/devtools";
import type {
  ScriptedOutcome,
  StepInvocation,
  AssertionResult,
  TestHarnessOptions,
  MockStep,
  WorkflowHarness,
  MockFunction,
  WorkflowSnapshot,
} from "awaitly/testing";
import type { ConditionalOptions, ConditionalContext } from "awaitly/conditional";
import type {
  Tagged as MatchTagged,
  Matcher as MatchMatcher,
  MatchTag,
  CompletedMatcher,
} from "awaitly/match";
import type {
  TaggedErrorBase as TeBase,
  TaggedErrorOptions as TeOptions,
  TagOf as TeTagOf,
} from "awaitly/tagged-error";

it("keeps 1.0.0 types inferring", () => {
  type R = Result<number, "E">;
  expectTypeOf<ExtractError<R>>().toEqualTypeOf<"E">();
  expectTypeOf<CoreOk<number>>().toEqualTypeOf<Ok<number>>();
  expectTypeOf<WfResumeState>().toEqualTypeOf<ResumeState>();
  expectTypeOf<HitlPending>().toEqualTypeOf<PendingApproval>();
});

it("types awaitly/batch as @awaitly/batch", () => {
  expectTypeOf<BatchConfig>().toEqualTypeOf<{
    batchSize: number;
    concurrency: number;
    batchDelayMs?: number | undefined;
  }>();
  expectTypeOf<BatchProgress["percent"]>().toEqualTypeOf<number>();
  expectTypeOf<BatchOptions<"X">["afterBatch"]>().toEqualTypeOf<
    (() => AsyncResult<void, "X">) | undefined
  >();
  expectTypeOf<BatchProcessingError<"X">["error"]>().toEqualTypeOf<"X">();
  expectTypeOf<InvalidBatchConfigError["field"]>().toEqualTypeOf<
    "batchSize" | "concurrency" | "batchDelayMs"
  >();
  expectTypeOf<BatchSettledError<"E">>().toEqualTypeOf<SettledError<"E">>();
});
