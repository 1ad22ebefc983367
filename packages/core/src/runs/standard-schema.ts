// Declared here, not imported from a validator library, so validating a signal payload costs no
// runtime dependency: Zod, Valibot, ArkType and others all carry this shape (standardschema.dev).

/** One problem a Standard Schema validator found in a value. */
export interface StandardSchemaIssue {
  /** What is wrong, in the validator's words. */
  readonly message: string;
  /** Where in the value, when the validator says. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** What a Standard Schema validator answers: the (possibly transformed) value, or its issues. */
export type StandardSchemaResult<TOutput> =
  | { readonly value: TOutput; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/** The Standard Schema v1 interface that validators implement. */
export interface StandardSchemaV1<TInput = unknown, TOutput = TInput> {
  /** The standard properties every conforming validator carries. */
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<TOutput> | Promise<StandardSchemaResult<TOutput>>;
    readonly types?: { readonly input: TInput; readonly output: TOutput } | undefined;
  };
}

/** The type a Standard Schema accepts. */
export type InferSchemaInput<TSchema extends StandardSchemaV1> = NonNullable<
  TSchema["~standard"]["types"]
>["input"];

/** The type a Standard Schema produces from a valid value. */
export type InferSchemaOutput<TSchema extends StandardSchemaV1> = NonNullable<
  TSchema["~standard"]["types"]
>["output"];
