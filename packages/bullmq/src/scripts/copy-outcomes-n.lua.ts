/**
 * @internal Copies outcomes of completed jobs into their run records, unless a record has one
 * already or is gone. Takes any number of keys (hence `-n`), all in one queue's hash slot.
 * KEYS[i] a run record.
 * ARGV[1] seconds a copied record lives from now (0: no expiry); ARGV[i + 1] the outcome for KEYS[i].
 * Answers the number of records looked at.
 */
export const COPY_OUTCOMES = `for i, key in ipairs(KEYS) do
  if redis.call("EXISTS", key) == 1 and redis.call("HSETNX", key, "o", ARGV[i + 1]) == 1 then
    if tonumber(ARGV[1]) > 0 then redis.call("EXPIRE", key, ARGV[1]) end
  end
end
return #KEYS`;
