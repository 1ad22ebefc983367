import type { StandardSchemaResult, StandardSchemaV1 } from "@awaitly/core";

/** @internal Throws a `TypeError` naming the option unless `schema` is a Standard Schema v1 validator. */
export function assertSchema(where: string, schema: unknown): void {
  const props = (schema as Partial<StandardSchemaV1> | null | undefined)?.["~standard"];
  if (props?.version !== 1 || typeof props.validate !== "function") {
    throw new TypeError(
      `${where}: option "schema" must be a Standard Schema v1 validator (with "~standard"), got ${String(schema)}`,
    );
  }
}

/** @internal Runs a Standard Schema validator, checking first that it is one. */
export async function validate<TOutput>(
  where: string,
  schema: StandardSchemaV1<unknown, TOutput>,
  value: unknown,
): Promise<StandardSchemaResult<TOutput>> {
  assertSchema(where, schema);
  return schema["~standard"].validate(value);
}
