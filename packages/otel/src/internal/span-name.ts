/** @internal `service.name` → `service.step.key` → `service.step`, as 1.0.0 named step spans. */
export function spanName(
  serviceName: string,
  name: string | undefined,
  stepKey: string | undefined,
): string {
  if (name) return `${serviceName}.${name}`;
  if (stepKey) return `${serviceName}.step.${stepKey}`;
  return `${serviceName}.step`;
}
