import type { RunStep } from "@awaitly/core";
import type { WorkflowRun } from "../workflow-run";
import type { ActiveRun } from "./active-runs";
import type { ChildRuns } from "./child-runs";
import type { Park, RunWaits } from "./parking";

/**
 * @internal What the workflow sees of its run. A class (one is made per job, and an object literal
 * with getters is slow to create); its methods are own arrow functions, so
 * `const { idempotencyKey } = run` keeps working.
 */
export class RunHandle implements WorkflowRun {
  step: RunStep<unknown> | undefined;
  private waits: RunWaits | undefined;
  private childRuns: ChildRuns | undefined;

  constructor(
    private readonly run: ActiveRun,
    readonly attempt: number,
    private readonly makeWaits: (handle: RunHandle) => RunWaits,
    private readonly makeChildren: (handle: RunHandle) => ChildRuns,
  ) {}

  get runId(): string {
    return this.run.runId;
  }

  get signal(): AbortSignal {
    return this.run.signal;
  }

  /** The park a wait asked for, if any. */
  get parked(): Park | undefined {
    return this.waits?.parked;
  }

  readonly idempotencyKey = (stepKey: string): string => `${this.run.runId}:${stepKey}`;

  readonly waitForSignal: WorkflowRun["waitForSignal"] = (name, options) =>
    this.waitsOf().waitForSignal(name, options);

  readonly sleep: WorkflowRun["sleep"] = (key, duration) => this.waitsOf().sleep(key, duration);

  readonly child: WorkflowRun["child"] = (queue, key, input, options) =>
    (this.childRuns ??= this.makeChildren(this)).child(queue, key, input, options);

  readonly children = ((queue: never, items: never, options?: never) =>
    (this.childRuns ??= this.makeChildren(this)).children(
      queue,
      items,
      options,
    )) as WorkflowRun["children"];

  /** @internal The run's durable waits, made on first use. */
  waitsOf(): RunWaits {
    return (this.waits ??= this.makeWaits(this));
  }
}
