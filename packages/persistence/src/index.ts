// Serialization
export type {
  SerializedCause,
  SerializedResult,
  SerializedMeta,
  SerializedEntry,
} from "./serialize";
export {
  serializeCause,
  deserializeCause,
  serializeResult,
  deserializeResult,
  serializeMeta,
  deserializeMeta,
  serializeEntry,
  deserializeEntry,
} from "./serialize";
export type { SerializedState, StringifyStateOptions } from "./state";
export {
  serializeState,
  deserializeState,
  stringifyState,
  stringifyEntry,
  parseState,
} from "./state";
export type { StateSerializeErrorReason } from "./state-size";
export { StateSerializeError, isStateSerializeError, DEFAULT_MAX_STATE_BYTES } from "./state-size";
export type { StateParseErrorReason } from "./state-parse-error";
export { StateParseError, isStateParseError } from "./state-parse-error";

// Caches and run-state persistence
export type { KeyValueStore, KeyValueSetOptions } from "@awaitly/core";
export type { MemoryCacheOptions } from "./memory-cache";
export { createMemoryCache, DEFAULT_MEMORY_CACHE_OPTIONS } from "./memory-cache";
export type { FileCacheOptions, FileSystemInterface, FileCache } from "./file-cache";
export { createFileCache, DEFAULT_FILE_CACHE_OPTIONS } from "./file-cache";
export type { KVCacheOptions, KVCache } from "./kv-cache";
export { createKVCache, DEFAULT_KV_CACHE_OPTIONS } from "./kv-cache";
export type { StatePersistence, StatePersistenceOptions } from "./state-persistence";
export {
  createStatePersistence,
  DEFAULT_STATE_PREFIX,
  DEFAULT_STATE_PERSISTENCE_OPTIONS,
} from "./state-persistence";
export type { HydratingCache } from "./hydrating-cache";
export { createHydratingCache } from "./hydrating-cache";

// Versioning
export type {
  Version,
  MigrationFn,
  Migrations,
  VersionedState,
  VersionedWorkflowConfig,
  MigrationError,
  VersionIncompatibleError,
} from "./versioning";
export {
  isMigrationError,
  isVersionIncompatibleError,
  migrateState,
  createVersionedStateLoader,
} from "./versioning";
export {
  createVersionedState,
  parseVersionedState,
  stringifyVersionedState,
} from "./versioned-state";
export {
  createKeyRenameMigration,
  createKeyRemoveMigration,
  createValueTransformMigration,
  composeMigrations,
} from "./migrations";
export type { AcquireOptions, LockGuard } from "./lease-lock";
export { pollForLease, createLockGuard } from "./lease-lock";
export { LockLostError, isLockLostError } from "./lock-lost-error";
export { assertWellFormedText } from "./well-formed-text";

// The checkpoint policy stores plug their I/O into
export type { CheckpointHooksOptions } from "./checkpoint-hooks";
export { createCheckpointHooks, saveCheckpoint, removeCheckpoint } from "./checkpoint-hooks";

// Deploying new workflow code: the pre-deploy drift check over a store's saved runs
export type { DriftRunSource, DriftCheckConfig } from "./drift-check";
export { driftRunsFrom, runDriftCheck, formatDriftReport } from "./drift-check";
