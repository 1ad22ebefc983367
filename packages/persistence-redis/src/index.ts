export type { RedisOperation } from "./errors";
export {
  RedisPersistenceError,
  isRedisPersistenceError,
  LockLostError,
  isLockLostError,
} from "./errors";
export type { RedisStoreOptions, RedisKeyValueStore } from "./redis-store";
export { createRedisStore, DEFAULT_REDIS_STORE_OPTIONS } from "./redis-store";
export type {
  RedisCheckpointerOptions,
  RedisCheckpointer,
  CheckpointHooks,
  CheckpointFence,
  ForRunOptions,
} from "./redis-checkpointer";
export { createRedisCheckpointer, DEFAULT_REDIS_CHECKPOINTER_OPTIONS } from "./redis-checkpointer";
export type {
  RedisLockOptions,
  RedisLock,
  RedisLease,
  RedisLockGuard,
  AcquireOptions,
} from "./redis-lock";
export { createRedisLock, DEFAULT_REDIS_LOCK_OPTIONS } from "./redis-lock";
