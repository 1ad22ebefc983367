export type { Tagged, Matcher, TagOf, MatchTag, CompletedMatcher, PipedMatcher } from "./types";
export { Match } from "./match";
export { matchValue } from "./match-value";
export { tag, tags, when, tag as matchTag, tags as matchTags } from "./handlers";
export { exhaustive, orElse, orElseValue, orElse as matchOrElse } from "./complete";
export { is, isOneOf, is as isTag } from "./guards";
