import { err, hasType, ok, type Result, type ResumeState } from "@awaitly/core";
import type { StateParseError } from "./state-parse-error";

/** A workflow version number. */
export type Version = number;

/** Moves a state from version N to N + 1 (sync or async). */
export type MigrationFn = (state: ResumeState) => ResumeState | Promise<ResumeState>;

/** Migrations by source version: key N migrates N → N + 1. */
export type Migrations = Record<Version, MigrationFn>;

/** A `ResumeState` tagged with the workflow version that wrote it. */
export interface VersionedState {
  version: Version;
  state: ResumeState;
}

/** How a versioned state loader migrates saved states. */
export interface VersionedWorkflowConfig {
  /** The current workflow version. */
  version: Version;
  /** Migrations by source version. Defaults to `{}`. */
  migrations?: Migrations | undefined;
  /** Reject states newer than `version` up front. Defaults to `true`. */
  strictVersioning?: boolean | undefined;
}

/** A migration threw or rejected. */
export interface MigrationError {
  type: "MIGRATION_ERROR";
  fromVersion: Version;
  toVersion: Version;
  cause: unknown;
}

/** A saved state cannot be brought to the current version. */
export interface VersionIncompatibleError {
  type: "VERSION_INCOMPATIBLE";
  stateVersion: Version;
  currentVersion: Version;
  reason: string;
}

/** True when `error` is a `MigrationError` (checks `type`). */
export function isMigrationError(error: unknown): error is MigrationError {
  return hasType(error, "MIGRATION_ERROR");
}

/** True when `error` is a `VersionIncompatibleError` (checks `type`). */
export function isVersionIncompatibleError(error: unknown): error is VersionIncompatibleError {
  return hasType(error, "VERSION_INCOMPATIBLE");
}

/**
 * Migrates a versioned state forward one version at a time until it reaches `targetVersion`.
 * @example
 * const result = await migrateState({ version: 1, state }, 2, { 1: createKeyRenameMigration({ user: "user:v2" }) });
 */
export async function migrateState(
  state: VersionedState,
  targetVersion: Version,
  migrations: Migrations,
): Promise<Result<VersionedState, MigrationError | VersionIncompatibleError>> {
  if (state.version > targetVersion) {
    return err({
      type: "VERSION_INCOMPATIBLE",
      stateVersion: state.version,
      currentVersion: targetVersion,
      reason: "State version is higher than current workflow version. Cannot downgrade.",
    });
  }
  if (state.version === targetVersion) return ok({ version: state.version, state: state.state });

  let current = state.version;
  let currentState = state.state;
  while (current < targetVersion) {
    const migrate = Object.prototype.hasOwnProperty.call(migrations, current)
      ? migrations[current]
      : undefined;
    if (!migrate) {
      return err({
        type: "VERSION_INCOMPATIBLE",
        stateVersion: state.version,
        currentVersion: targetVersion,
        reason: `No migration found for version ${current} to ${current + 1}`,
      });
    }
    try {
      currentState = await migrate(currentState);
    } catch (cause) {
      return err({ type: "MIGRATION_ERROR", fromVersion: current, toVersion: current + 1, cause });
    }
    current++;
  }
  return ok({ version: current, state: currentState });
}

/**
 * Creates a loader that brings a saved `VersionedState` to `config.version`, for `resumeState`.
 * It also takes `parseVersionedState`'s result directly and passes a parse error through.
 * @example
 * const load = createVersionedStateLoader({ version: 3, migrations });
 * const result = await load(parseVersionedState(saved));
 */
export function createVersionedStateLoader(
  config: VersionedWorkflowConfig,
): (
  versionedState:
    VersionedState | Result<VersionedState | null, StateParseError> | null | undefined,
) => Promise<
  Result<ResumeState | undefined, MigrationError | VersionIncompatibleError | StateParseError>
> {
  if (typeof config !== "object" || config === null || typeof config.version !== "number") {
    throw new TypeError(
      `createVersionedStateLoader: option "version" must be a number, got ${String(config?.version)}`,
    );
  }
  const { version, migrations = {}, strictVersioning = true } = config;
  return async (given) => {
    if (!given) return ok(undefined);
    if ("ok" in given && !given.ok) return given;
    const input = "ok" in given ? given.value : given;
    if (!input) return ok(undefined);
    if (strictVersioning && input.version > version) {
      return err({
        type: "VERSION_INCOMPATIBLE",
        stateVersion: input.version,
        currentVersion: version,
        reason: "Saved state is from a newer workflow version",
      });
    }
    if (input.version === version) return ok(input.state);
    const migrated = await migrateState(input, version, migrations);
    return migrated.ok ? ok(migrated.value.state) : migrated;
  };
}
