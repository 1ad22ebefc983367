/** A JSON value: what every encode produces and every decode reads. */
export type WireJson = null | boolean | number | string | WireJson[] | { [key: string]: WireJson };

/**
 * A Result's cause on the wire (the 1.0.0 `SerializedCause`): an Error as its name, message and
 * stack (plus its own cause and fields when it has them), `undefined` as a marker, anything else
 * as an encoded value.
 */
export interface WireCause {
  type: "error" | "value" | "undefined";
  errorName?: string | undefined;
  errorMessage?: string | undefined;
  errorStack?: string | undefined;
  /** The Error's own `cause`, encoded; absent when it has none. */
  errorCause?: unknown;
  /** The Error's own enumerable fields (`code`, `type`…), encoded; absent when it has none. */
  errorFields?: Record<string, unknown> | undefined;
  value?: unknown;
}

/** A Result on the wire (the 1.0.0 `SerializedResult`): `value` and `error` encoded, `cause` as a `WireCause`. */
export interface WireResult {
  ok: boolean;
  value?: unknown;
  error?: unknown;
  cause?: WireCause | undefined;
}

/** A step's failure metadata on the wire (the 1.0.0 `SerializedMeta`). */
export interface WireMeta {
  origin: "result" | "throw";
  resultCause?: WireCause | undefined;
  thrown?: WireCause | undefined;
}

/** A resume-state entry on the wire (the 1.0.0 `SerializedEntry`): what checkpoints store per step. */
export interface WireEntry {
  result: WireResult;
  meta?: WireMeta | undefined;
  /** Where the body asked for the step (`ResumeStateEntry.order`); absent in older entries. */
  order?: number | undefined;
}
