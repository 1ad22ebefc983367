/**
 * @internal Copies the outcomes of completed jobs (their return values) into their run records,
 * unless a record has one already or is gone. Takes any number of key pairs (hence `-n`), all in
 * one queue's hash slot.
 * KEYS[2i - 1] a run record, KEYS[2i] its BullMQ job.
 * ARGV[1] seconds a copied record lives from now (0: no expiry).
 * Answers the number of records given an outcome.
 */
export const COPY_OUTCOMES = `local copied = 0
for i = 1, #KEYS, 2 do
  local record = KEYS[i]
  if redis.call("EXISTS", record) == 1 and redis.call("HEXISTS", record, "o") == 0 then
    local outcome = redis.call("HGET", KEYS[i + 1], "returnvalue")
    if outcome then
      redis.call("HSET", record, "o", outcome)
      if tonumber(ARGV[1]) > 0 then redis.call("EXPIRE", record, ARGV[1]) end
      copied = copied + 1
    end
  end
end
return copied`;
