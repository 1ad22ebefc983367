import { RUN_INDEX_LIB } from "./run-index.lua";

/**
 * @internal Starts a finished run again: the compare-and-set between concurrent retries (and a
 * retry racing anything else that changes the run). Only a run in a terminal state (`ok`, `err`,
 * `failed`, `cancelled`) is taken: its outcome, cancel flag and the timeline entries of the steps
 * that will run again are dropped and it becomes `queued`.
 * KEYS[1] the run record, KEYS[2] the run-list index prefix.
 * ARGV[1] the job id, ARGV[2] now (ms), ARGV[3..] record fields to drop (`k:<step key>`).
 * Answers { 1 } taken, or { 0, state or false } when the run was not finished.
 */
export const RETRY_RUN = `${RUN_INDEX_LIB}local st = redis.call("HGET", KEYS[1], "st")
if st ~= "ok" and st ~= "err" and st ~= "failed" and st ~= "cancelled" then return { 0, st } end
redis.call("HDEL", KEYS[1], "o", "x", "fa", "p")
if #ARGV > 2 then redis.call("HDEL", KEYS[1], unpack(ARGV, 3)) end
set_state(KEYS[1], KEYS[2], ARGV[1], "queued", ARGV[2], 0, "", "")
return { 1 }`;
