/**
 * @internal Deletes a hash field only while it still holds a given value (a newer value is kept):
 * drops a refused signal payload unless another one replaced it.
 * KEYS[1] the run record.
 * ARGV[1] the field, ARGV[2] the value it must still hold.
 * Answers 1 when deleted, else 0.
 */
export const DROP_FIELD_IF = `if redis.call("HGET", KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call("HDEL", KEYS[1], ARGV[1])
end
return 0`;
