import type { DecisionBranchEvent, DecisionEndEvent, DecisionStartEvent } from "./types";

/** Options of the decision trackers. */
export interface DecisionTrackerOptions {
  condition?: string | undefined;
  value?: unknown;
  name?: string | undefined;
  /** Defaults to a random UUID. */
  workflowId?: string | undefined;
  /** Receives the `decision_*` events (e.g. a visualizer's `handleDecisionEvent`). Defaults to none. */
  emit?: ((event: DecisionStartEvent | DecisionBranchEvent | DecisionEndEvent) => void) | undefined;
}

/** Records the branches of one decision as `decision_*` events. */
export interface DecisionTracker {
  takeBranch(label: string, taken: boolean, branchCondition?: string): void;
  end(): void;
  getBranchTaken(): string | boolean | undefined;
  getBranches(): Array<{ label: string; condition?: string | undefined; taken: boolean }>;
}
/** A decision tracker for an if/else. */
export interface IfTracker extends DecisionTracker {
  condition: boolean;
  then(): void;
  else(): void;
}
/** A decision tracker for a switch. */
export interface SwitchTracker extends DecisionTracker {
  value: unknown;
  case(caseValue: string | number, taken: boolean): void;
  default(taken: boolean): void;
}

/** Records a branching decision as `decision_*` events so diagrams show which way it went. */
export function trackDecision(
  decisionId: string,
  options: DecisionTrackerOptions = {},
): DecisionTracker {
  const workflowId = options.workflowId ?? crypto.randomUUID();
  const startTs = Date.now();
  const branches: Array<{ label: string; condition?: string | undefined; taken: boolean }> = [];
  let branchTaken: string | boolean | undefined;
  options.emit?.({
    type: "decision_start",
    workflowId,
    decisionId,
    condition: options.condition,
    decisionValue: options.value,
    name: options.name,
    ts: startTs,
  });
  return {
    takeBranch(label, taken, branchCondition) {
      branches.push({ label, condition: branchCondition, taken });
      if (taken) branchTaken = label;
      options.emit?.({
        type: "decision_branch",
        workflowId,
        decisionId,
        branchLabel: label,
        condition: branchCondition,
        taken,
        ts: Date.now(),
      });
    },
    end() {
      const now = Date.now();
      options.emit?.({
        type: "decision_end",
        workflowId,
        decisionId,
        branchTaken,
        ts: now,
        durationMs: now - startTs,
      });
    },
    getBranchTaken: () => branchTaken,
    getBranches: () => branches.map((b) => ({ ...b })),
  };
}

/** `if`/`else` tracking: call `then()` or `else()` before running the branch's steps. */
export function trackIf(
  decisionId: string,
  condition: boolean,
  options: Omit<DecisionTrackerOptions, "value"> & { value?: unknown } = {},
): IfTracker {
  const tracker = trackDecision(decisionId, {
    condition: String(condition),
    value: condition,
    ...options,
  });
  return {
    ...tracker,
    condition,
    then: () => tracker.takeBranch("if", true),
    else: () => tracker.takeBranch("else", true),
  };
}

/** `switch` tracking: `case(v, taken)` / `default(taken)`. */
export function trackSwitch(
  decisionId: string,
  value: unknown,
  options: Omit<DecisionTrackerOptions, "value"> = {},
): SwitchTracker {
  const tracker = trackDecision(decisionId, {
    condition: `switch(${String(value)})`,
    ...options,
    value,
  });
  return {
    ...tracker,
    value,
    case: (caseValue, taken) =>
      tracker.takeBranch(`case '${String(caseValue)}'`, taken, `value === '${String(caseValue)}'`),
    default: (taken) => tracker.takeBranch("default", taken),
  };
}
