/**
 * @internal `job_id(runId)`: the job id of a run id in Lua, as `jobIdOf` makes it (`r_` and the
 * run id with `%` and `:` escaped).
 */
export const JOB_ID_LIB = `local function job_id(id)
  return "r_" .. (string.gsub(id, "[%%:]", { ["%"] = "%25", [":"] = "%3A" }))
end
`;
