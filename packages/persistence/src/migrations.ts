import type { ResumeState, ResumeStateEntry } from "@awaitly/core";
import { getOwn } from "./internal/own";
import type { MigrationFn } from "./versioning";

/** A migration that renames step keys (`{ old: "new" }`, one pass, not transitive). */
export function createKeyRenameMigration(renames: Record<string, string>): MigrationFn {
  return (state) => {
    const steps = new Map<string, ResumeStateEntry>();
    for (const [key, entry] of state.steps) steps.set(getOwn(renames, key) ?? key, entry);
    return { steps };
  };
}

/** A migration that drops the listed step keys. */
export function createKeyRemoveMigration(keysToRemove: string[]): MigrationFn {
  const remove = new Set(keysToRemove);
  return (state) => {
    const steps = new Map<string, ResumeStateEntry>();
    for (const [key, entry] of state.steps) if (!remove.has(key)) steps.set(key, entry);
    return { steps };
  };
}

/** A migration that rewrites the entries of the named step keys. */
export function createValueTransformMigration(
  transforms: Record<string, (entry: ResumeStateEntry) => ResumeStateEntry>,
): MigrationFn {
  return (state) => {
    const steps = new Map<string, ResumeStateEntry>();
    for (const [key, entry] of state.steps) {
      const transform = getOwn(transforms, key);
      steps.set(key, transform ? transform(entry) : entry);
    }
    return { steps };
  };
}

/** Chains migrations into one (run in order; counts as a single version step). */
export function composeMigrations(migrations: MigrationFn[]): MigrationFn {
  return async (state) => {
    let current: ResumeState = state;
    for (const migrate of migrations) current = await migrate(current);
    return current;
  };
}
