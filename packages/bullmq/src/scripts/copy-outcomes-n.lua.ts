import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Copies the outcomes of completed jobs (their return values) into their run records,
 * unless a record has one already or is gone. Takes any number of key pairs (hence `-n`), all in
 * one queue's hash slot. Each copied run enters the status its outcome means.
 * KEYS[1] the run-list index prefix; KEYS[2i] a run record, KEYS[2i + 1] its BullMQ job.
 * ARGV[1] seconds a copied record lives from now (0: no expiry), ARGV[2] now (ms).
 * Answers the number of records given an outcome.
 */
export const COPY_OUTCOMES = `${RUN_INDEX_LIB}local copied = 0
for i = 2, #KEYS, 2 do
  local record = KEYS[i]
  if redis.call("EXISTS", record) == 1 and redis.call("HEXISTS", record, "o") == 0 then
    local outcome = redis.call("HGET", KEYS[i + 1], "returnvalue")
    if outcome then
      redis.call("HSET", record, "o", outcome)
      local st, et = outcome_state(outcome)
      set_state(record, KEYS[1], string.match(KEYS[i + 1], "[^:]+$"), st, ARGV[2], ARGV[1], et, "")
      if tonumber(ARGV[1]) > 0 then redis.call("EXPIRE", record, ARGV[1]) end
      copied = copied + 1
    end
  end
end
return copied`;
