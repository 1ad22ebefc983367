import type { WorkflowEvent } from "@awaitly/core";
import { createIRBuilder, type IRBuilderOptions } from "./ir-builder";
import type { IRSnapshot, WorkflowIR } from "./types";

/** Where a time-travel controller is: snapshots, position, playback. */
export interface TimeTravelState {
  snapshots: IRSnapshot[];
  currentIndex: number;
  isPlaying: boolean;
  playbackSpeed: number;
  isRecording: boolean;
}
/** Options of `createTimeTravelController`. */
export interface TimeTravelOptions {
  /** Snapshots kept (oldest dropped). Defaults to `1000`. */
  maxSnapshots?: number | undefined;
  /** Follow new events as they arrive. Defaults to `true`. */
  autoRecord?: boolean | undefined;
  builderOptions?: Omit<IRBuilderOptions, "enableSnapshots" | "maxSnapshots"> | undefined;
}
/** Records a snapshot per event and moves through them: seek, step, play. */
export interface TimeTravelController {
  handleEvent: (event: WorkflowEvent<unknown, unknown>) => void;
  seek: (index: number) => WorkflowIR | undefined;
  stepForward: () => WorkflowIR | undefined;
  stepBackward: () => WorkflowIR | undefined;
  play: (speed?: number) => void;
  pause: () => void;
  getCurrentIR: () => WorkflowIR;
  getIRAt: (index: number) => WorkflowIR | undefined;
  getSnapshots: () => IRSnapshot[];
  getSnapshotAt: (index: number) => IRSnapshot | undefined;
  getState: () => TimeTravelState;
  onStateChange: (callback: (state: TimeTravelState) => void) => () => void;
  startRecording: () => void;
  stopRecording: () => void;
  reset: () => void;
  getBuilder: () => ReturnType<typeof createIRBuilder>;
}

/**
 * Replays a run: one IR snapshot per event (sharing unchanged nodes, so memory stays linear), with
 * seek, step and timed playback (`speed` is a multiplier of the real gaps between events).
 */
export function createTimeTravelController(options: TimeTravelOptions = {}): TimeTravelController {
  const builder = createIRBuilder({
    ...options.builderOptions,
    enableSnapshots: true,
    maxSnapshots: options.maxSnapshots ?? 1000,
  });
  let currentIndex = -1;
  let isPlaying = false;
  let playbackSpeed = 1;
  let isRecording = options.autoRecord ?? true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(state: TimeTravelState) => void>();

  const getState = (): TimeTravelState => ({
    snapshots: builder.getSnapshots(),
    currentIndex,
    isPlaying,
    playbackSpeed,
    isRecording,
  });
  const notify = () => {
    if (listeners.size === 0) return;
    const state = getState();
    for (const listener of listeners) listener(state);
  };
  const seek = (index: number) => {
    if (index < 0 || index >= builder.snapshotCount) return undefined;
    currentIndex = index;
    notify();
    return builder.getIRAt(index);
  };
  const pause = () => {
    isPlaying = false;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    notify();
  };

  return {
    handleEvent(event) {
      builder.handleEvent(event);
      // Stopping the recording freezes the view; snapshots are still taken for later.
      if (isRecording) {
        currentIndex = builder.snapshotCount - 1;
        notify();
      }
    },
    seek,
    stepForward: () => seek(currentIndex + 1),
    stepBackward: () => seek(currentIndex - 1),
    play(speed = 1) {
      if (!(speed > 0) || !Number.isFinite(speed))
        throw new RangeError(`play: speed must be a finite number > 0, got ${String(speed)}`);
      playbackSpeed = speed;
      isPlaying = true;
      if (currentIndex < 0 && builder.snapshotCount > 0) currentIndex = 0;
      notify();
      const tick = () => {
        if (!isPlaying) return;
        const current = builder.getSnapshotAt(currentIndex);
        const next = builder.getSnapshotAt(currentIndex + 1);
        if (!current || !next) {
          pause();
          return;
        }
        timer = setTimeout(
          () => {
            seek(currentIndex + 1);
            tick();
          },
          Math.max(16, (next.timestamp - current.timestamp) / playbackSpeed),
        );
      };
      tick();
    },
    pause,
    getCurrentIR: () =>
      currentIndex >= 0 ? (builder.getIRAt(currentIndex) ?? builder.getIR()) : builder.getIR(),
    getIRAt: (index) => builder.getIRAt(index),
    getSnapshots: () => builder.getSnapshots(),
    getSnapshotAt: (index) => builder.getSnapshotAt(index),
    getState,
    onStateChange(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    startRecording() {
      isRecording = true;
      notify();
    },
    stopRecording() {
      isRecording = false;
      notify();
    },
    reset() {
      pause();
      builder.reset();
      currentIndex = -1;
      playbackSpeed = 1;
      isRecording = options.autoRecord ?? true;
      notify();
    },
    getBuilder: () => builder,
  };
}
