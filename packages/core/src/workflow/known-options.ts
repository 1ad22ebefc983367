/**
 * Throws a `TypeError` naming the closest known option when `options` holds a name not in `known`
 * (a misspelt option from plain JavaScript, which types would have caught). `prefix` names the
 * options' parent in the message (`"retry."`).
 * @example
 * assertKnownOptions("queue.enqueue", { runid: "a" }, ["runId", "delay"]);
 * // TypeError: queue.enqueue: unknown option "runid" (did you mean "runId"?)
 */
export function assertKnownOptions(
  where: string,
  options: object,
  known: readonly string[],
  prefix = "",
): void {
  for (const name in options) {
    if (!known.includes(name)) {
      throw new TypeError(
        `${where}: unknown option "${prefix}${name}" (did you mean "${prefix}${closestName(name, known)}"?)`,
      );
    }
  }
}

// The known name nearest to a misspelt one: the most letter pairs in common, for its length.
function closestName(name: string, known: readonly string[]): string {
  const score = (candidate: string) => {
    let shared = 0;
    for (let i = 1; i < candidate.length; i++) {
      if (name.includes(candidate.slice(i - 1, i + 1))) shared++;
    }
    return shared / candidate.length;
  };
  return known.reduce((best, candidate) => (score(candidate) > score(best) ? candidate : best));
}
