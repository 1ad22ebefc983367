/** @internal Defines an own, enumerable data property, even for keys such as `__proto__`. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** @internal Reads a property only when it is the object's own (never from the prototype chain). */
export function getOwn<T>(source: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}
