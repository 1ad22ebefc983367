import type { ScopeEndEvent, ScopeStartEvent } from "../../types";
import { scopeNode } from "./nodes";
import { addNode, type IRState } from "./state";

/** A scope opens, or closes into one parallel/race node. */
export function scopeEvent(s: IRState, event: ScopeStartEvent | ScopeEndEvent): void {
  s.lastUpdatedAt = Date.now();
  if (event.type === "scope_start") {
    s.scopes.push({
      id: event.scopeId,
      name: event.name,
      type: event.scopeType,
      startTs: event.ts,
      children: [],
    });
    return;
  }
  // Close the scope the event names (and anything opened inside it that never ended).
  let at = s.scopes.length - 1;
  for (let i = s.scopes.length - 1; i >= 0; i--) {
    if (s.scopes[i]!.id === event.scopeId) {
      at = i;
      break;
    }
  }
  const frame = s.scopes[at];
  if (!frame) return;
  const inner = s.scopes.splice(at);
  const children = [...frame.children];
  for (const orphan of inner.slice(1)) children.push(scopeNode(orphan, orphan.children));
  addNode(s, scopeNode(frame, children, event));
}
