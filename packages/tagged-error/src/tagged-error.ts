import {
  isErrorValue,
  isTaggedErrorValue,
  matchTagged,
  matchTaggedPartial,
  TaggedErrorRoot,
} from "./matching";
import type {
  TaggedErrorClassFactory,
  TaggedErrorConstructor,
  TaggedErrorCreateOptions,
  TaggedErrorOptions,
} from "./types";

type MessageFn = (props: never) => string;

function buildClass(tag: string, messageFn: MessageFn | undefined) {
  // Returned without binding it to a name, so every call yields a distinct class whose `.name` is "".
  return class extends TaggedErrorRoot {
    constructor(props?: unknown, options?: TaggedErrorOptions) {
      // The message is computed before `super`, so a throwing callback makes the constructor throw.
      super(messageFn ? (messageFn as (p: unknown) => string)(props ?? {}) : tag);
      const self = this as unknown as Record<string, unknown>;
      self._tag = tag;
      self.name = tag;
      Object.setPrototypeOf(this, new.target.prototype);
      const optionsCause = options?.cause;
      if (props && typeof props === "object") {
        // Reserved keys cannot be forged or overwritten through props.
        const {
          _tag: _t,
          name: _n,
          message: _m,
          stack: _s,
          ...rest
        } = props as Record<string, unknown>;
        const hasCause = Object.prototype.hasOwnProperty.call(rest, "cause");
        const userCause = rest.cause;
        if (hasCause) delete rest.cause;
        if (hasCause && optionsCause !== undefined) {
          throw new TypeError(
            "TaggedError: cannot provide 'cause' in props when also setting ErrorOptions.cause",
          );
        }
        Object.assign(this, rest);
        if (hasCause) self.cause = userCause;
      }
      if (optionsCause !== undefined) self.cause = optionsCause;
    }
  };
}

/**
 * Creates a base class for a tagged error; extend it with your props type.
 *
 * @example
 * class UserNotFound extends TaggedError("UserNotFound")<{ userId: string }> {}
 * const e = new UserNotFound({ userId: "u1" }); // e._tag === "UserNotFound", e.userId === "u1"
 */
export function TaggedError<Tag extends string>(tag: Tag): TaggedErrorClassFactory<Tag>;
export function TaggedError<Tag extends string, Props extends Record<string, unknown>>(
  tag: Tag,
  options: TaggedErrorCreateOptions<Props>,
): TaggedErrorConstructor<Tag, Props>;
export function TaggedError(
  tag: string,
  options?: TaggedErrorCreateOptions<Record<string, unknown>>,
): unknown {
  return buildClass(tag, options?.message);
}

// Distinct module-level names keep the emitted `namespace TaggedError` from referring to itself.
TaggedError.isError = isErrorValue;
TaggedError.isTaggedError = isTaggedErrorValue;
TaggedError.match = matchTagged;
TaggedError.matchPartial = matchTaggedPartial;

// Only factory-made instances pass `instanceof TaggedError`; a `_tag`-shaped plain object does not.
Object.defineProperty(TaggedError, Symbol.hasInstance, {
  value: (instance: unknown): boolean => instance instanceof TaggedErrorRoot,
});
