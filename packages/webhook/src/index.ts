export type { WebhookRequest, WebhookResponse, ErrorResponseBody, WebhookHandler } from "./types";
export type { ValidationResult, ValidationError } from "./validation";
export { isValidationError, validationError, requireFields, composeValidators } from "./validation";
export { defaultValidationErrorMapper, defaultUnexpectedErrorMapper } from "./default-mappers";
export type { WebhookSafetyOptions } from "./safety";
export { DEFAULT_WEBHOOK_SAFETY_OPTIONS } from "./safety";
export type { WebhookHandlerConfig } from "./webhook-handler";
export { createWebhookHandler } from "./webhook-handler";
export type { SimpleHandlerConfig } from "./simple-handler";
export { createSimpleHandler } from "./simple-handler";
export type { ErrorMapping, ResultMapperOptions } from "./result-mapper";
export { createResultMapper } from "./result-mapper";
export type { ExpressLikeRequest, ExpressLikeResponse } from "./express-adapter";
export { toWebhookRequest, sendWebhookResponse, createExpressHandler } from "./express-adapter";
export type {
  EventMessage,
  EventProcessingResult,
  EventTriggerConfig,
  EventHandler,
} from "./event-handler";
export { createEventHandler } from "./event-handler";
export type { HandlerBaseConfig } from "./handler-config";
