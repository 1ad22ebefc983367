/**
 * @internal One page of a run-list index, newest first, filtered by the runs' records; entries
 * whose record is gone (expired, removed) are dropped from the index on the way.
 * KEYS[1] the index sorted set to walk (members are job ids).
 * ARGV[1] the run records' key prefix, ARGV[2] the highest score, ARGV[3] the lowest score, ARGV[4]
 * the cursor's score (`""`: none), ARGV[5] the cursor's member, ARGV[6] the page size, ARGV[7] the
 * status to keep (`""`: any), ARGV[8] the error type to keep, ARGV[9] the parked-on name to keep,
 * ARGV[10] the most entries to look at.
 * Answers { next cursor score or false, next cursor member or false, then per run: member, score,
 * status, error type or false, parked on or false, created at or false, waiting on or false }.
 */
export const RUNS_PAGE = `local STATUS = { queued = "waiting", running = "active", parked = "parked",
  ok = "completed", err = "failed", failed = "failed", cancelled = "cancelled" }
local limit, budget = tonumber(ARGV[6]), tonumber(ARGV[10])
local cScore, cMember = tonumber(ARGV[4]), ARGV[5]
local max = ARGV[2]
if cScore then max = ARGV[4] end
local out, found, offset, seen = {}, 0, 0, 0
local lastScore, lastMember = false, false
while found < limit and seen < budget do
  local batch = redis.call("ZREVRANGEBYSCORE", KEYS[1], max, ARGV[3], "WITHSCORES", "LIMIT", offset, 200)
  if #batch == 0 then lastScore = false; lastMember = false; break end
  offset = offset + #batch / 2
  for i = 1, #batch, 2 do
    local m, sc = batch[i], tonumber(batch[i + 1])
    if not (cScore and sc == cScore and m >= cMember) then
      seen = seen + 1
      local r = redis.call("HMGET", ARGV[1] .. m, "st", "et", "po", "ca", "wo")
      if r[1] then r[1] = STATUS[r[1]] end
      if not r[1] then
        redis.call("ZREM", KEYS[1], m)
        offset = offset - 1
      elseif (ARGV[7] == "" or r[1] == ARGV[7]) and (ARGV[8] == "" or r[2] == ARGV[8])
        and (ARGV[9] == "" or r[3] == ARGV[9]) then
        found = found + 1
        table.insert(out, m); table.insert(out, batch[i + 1]); table.insert(out, r[1])
        table.insert(out, r[2] or false); table.insert(out, r[3] or false); table.insert(out, r[4] or false)
        table.insert(out, r[5] or false)
      end
      lastScore, lastMember = batch[i + 1], m
      if found >= limit or seen >= budget then break end
    end
  end
  if #batch < 400 and found < limit and seen < budget then lastScore = false; lastMember = false; break end
end
table.insert(out, 1, lastMember)
table.insert(out, 1, lastScore)
return out`;
