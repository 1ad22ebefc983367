/** @internal Whole number ≥ 0 (a count of attempts). */
export function assertAttempts(where: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${where}: attempts must be a whole number ≥ 0, got ${String(value)}`);
  }
}

/** @internal Finite number of milliseconds ≥ 0 (a delay). */
export function assertDelay(where: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `${where}: ${name} must be a finite number of milliseconds ≥ 0, got ${String(value)}`,
    );
  }
}

/** @internal Finite number of milliseconds > 0 (a timeout). */
export function assertTimeout(where: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${where}: ms must be a finite number of milliseconds > 0, got ${String(value)}`,
    );
  }
}
