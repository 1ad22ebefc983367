import { context, trace, type Attributes, type Tracer } from "@opentelemetry/api";
import { AWAITLY_ATTRIBUTES as A } from "../attributes";
import { isUntraced } from "../tracing-switch";
import { failSpan } from "./fail-span";

/** Which compensation an `aroundCompensation` call wraps (the shape `@awaitly/saga` passes). */
export type CompensationRef = {
  readonly sagaId: string;
  readonly stepName: string | undefined;
  readonly stepKeys: readonly string[];
};

/** A saga's `aroundCompensation` option: runs one compensation inside its span. */
export type AroundCompensation = (
  compensation: CompensationRef,
  compensate: () => Promise<void>,
) => Promise<void>;

/**
 * @internal Compensation spans: `<service>.compensate <step name>`, a child of the span active
 * where the saga runs, with the compensated step's name and keys; a failed compensation sets
 * status ERROR and `error.type`, and its error goes on to the saga unchanged.
 */
export function createCompensationTracer(
  tracer: Tracer,
  serviceName: string,
  base: Attributes,
): AroundCompensation {
  return async (ref, compensate) => {
    const parent = context.active();
    if (isUntraced(parent)) return compensate();
    const attributes: Attributes = { ...base, [A.sagaId]: ref.sagaId };
    if (ref.stepName !== undefined) attributes[A.stepName] = ref.stepName;
    const [onlyKey] = ref.stepKeys;
    if (onlyKey !== undefined) {
      attributes[A.stepKey] = ref.stepKeys.length === 1 ? onlyKey : [...ref.stepKeys];
    }
    const name = `${serviceName}.compensate${ref.stepName ? ` ${ref.stepName}` : ""}`;
    const span = tracer.startSpan(name, { attributes }, parent);
    if (!span.isRecording()) {
      span.end();
      return compensate();
    }
    try {
      await context.with(trace.setSpan(parent, span), compensate);
      span.setAttribute(A.compensationOutcome, "success");
    } catch (error) {
      span.setAttribute(A.compensationOutcome, "error");
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  };
}
