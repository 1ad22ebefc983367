export type {
  AroundCompensation,
  CompensationRef,
  CompensationAction,
  SagaStepOptions,
  SagaCompensationError,
  SagaContext,
  SagaEvent,
  SagaWorkflowOptions,
  SagaResult,
} from "./types";
export { isSagaCompensationError } from "./saga-error";
export { createSagaWorkflow, runSaga } from "./saga";
export { checkpointedStep, runSagaStep } from "./workflow-step";
