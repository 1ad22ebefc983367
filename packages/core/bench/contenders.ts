/** The measured workloads: a 10-step workflow of async steps each returning ok(i), in every form. */
import { createWorkflow, err, ok, run, type AsyncResult, type Result } from "@awaitly/core";
import type { Contender } from "./timing";

export const STEPS = 10;

const dep = async (i: number): AsyncResult<number, "E"> => ok(i);
const unwrap = (r: Result<number, "E">): number => (r.ok ? r.value : NaN);
const plainDep = async (i: number): Promise<number> => i;
const failAt5 = async (i: number): AsyncResult<number, "E"> => (i === 5 ? err("E") : ok(i));
const plainFailAt5 = async (i: number): Promise<number> => {
  if (i === 5) throw new Error("E");
  return i;
};

const workflow = createWorkflow({ dep });
const listened = createWorkflow({ dep }, { onEvent: () => {} });

/** neverthrow and Effect, loaded only when a section wants them (loading Effect grows the heap). */
export async function loadPeers() {
  return { ...(await import("neverthrow")), Effect: (await import("effect")).Effect };
}
type Peers = Awaited<ReturnType<typeof loadPeers>>;

// Each contender spells out its own loop on purpose: a shared loop helper would give every
// contender one call site, and its mixed feedback would be measured instead of the contenders.
export function perStepContenders(peers: Peers | undefined): Contender[] {
  return [
    {
      // The same workflow by hand: await each step, return its error or unwrap its value.
      name: "plain async/await",
      fn: async () => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) {
          const r = await dep(i);
          if (!r.ok) return r;
          s += r.value;
        }
        return ok(s);
      },
    },
    {
      // Stricter still: steps that return bare numbers, no Result anywhere.
      name: "plain, steps return i (no Result)",
      fn: async () => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) s += await plainDep(i);
        return s;
      },
    },
    {
      // What any Result-unwrapping step must at least pay: one more promise hop per step.
      name: "floor: await dep(i).then(unwrap)",
      fn: async () => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) s += await dep(i).then(unwrap);
        return s;
      },
    },
    {
      // A listened step must also read the monotonic clock at its start and its end (the run
      // anchors the wall clock once; each event derives ts from its one performance.now() read).
      name: "floor + 2 clock reads/step",
      fn: async () => {
        let s = 0;
        for (let i = 0; i < STEPS; i++) {
          const t = performance.now();
          s += await dep(i).then(unwrap);
          if (performance.now() < t) s--;
        }
        return s;
      },
    },
    {
      name: "run(), step(() => dep(i))",
      fn: () =>
        run(async (step) => {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await step(() => dep(i));
          return s;
        }),
    },
    {
      // The direct form: no thunk to allocate and call (fine whenever the step needs no retry).
      name: "run(), step(dep(i))",
      fn: () =>
        run(async (step) => {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await step(dep(i));
          return s;
        }),
    },
    {
      name: "createWorkflow(), step(() => dep(i))",
      fn: () =>
        workflow(async (step, { dep }) => {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await step(() => dep(i));
          return s;
        }),
    },
    {
      name: "createWorkflow(), step(dep(i))",
      fn: () =>
        workflow(async (step, { dep }) => {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await step(dep(i));
          return s;
        }),
    },
    {
      name: "createWorkflow() + onEvent",
      fn: () =>
        listened(async (step, { dep }) => {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await step(() => dep(i));
          return s;
        }),
    },
    {
      // The listened workflow in the direct form: what events cost without the thunk.
      name: "createWorkflow() + onEvent, step(dep(i))",
      fn: () =>
        listened(async (step, { dep }) => {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await step(dep(i));
          return s;
        }),
    },
    ...(peers === undefined
      ? []
      : [
          {
            name: "neverthrow safeTry",
            fn: () =>
              peers.safeTry(async function* () {
                let s = 0;
                for (let i = 0; i < STEPS; i++) s += yield* peers.okAsync<number, "E">(i);
                return peers.okAsync(s);
              }),
          },
          {
            name: "effect Effect.gen",
            fn: () =>
              peers.Effect.runPromise(
                peers.Effect.gen(function* () {
                  let s = 0;
                  for (let i = 0; i < STEPS; i++)
                    s += yield* peers.Effect.promise(() => plainDep(i));
                  return s;
                }),
              ),
          },
        ]),
  ];
}

export function earlyExitContenders(peers: Peers | undefined): Contender[] {
  return [
    {
      name: "plain throw/catch at step 5",
      fn: async () => {
        try {
          let s = 0;
          for (let i = 0; i < STEPS; i++) s += await plainFailAt5(i);
          return s;
        } catch (e) {
          return e;
        }
      },
    },
    {
      name: "run() early exit at step 5",
      fn: () =>
        run(
          async (step) => {
            let s = 0;
            for (let i = 0; i < STEPS; i++) s += await step(() => failAt5(i));
            return s;
          },
          { onError: () => {} },
        ),
    },
    ...(peers === undefined
      ? []
      : [
          {
            name: "neverthrow safeTry err at 5",
            fn: () =>
              peers.safeTry(async function* () {
                let s = 0;
                for (let i = 0; i < STEPS; i++)
                  s += yield* i === 5
                    ? peers.errAsync<number, "E">("E")
                    : peers.okAsync<number, "E">(i);
                return peers.okAsync(s);
              }),
          },
        ]),
  ];
}

/** A workflow of `steps` keyed steps, every one already in the resume state. */
export function resumeContender(steps: number): Contender {
  const saved = { steps: new Map<string, { result: Result<number, never> }>() };
  for (let i = 0; i < steps; i++) saved.steps.set(`s${i}`, { result: ok(i) });
  const resumable = createWorkflow({ dep }, { resumeState: saved });
  return {
    name: `resume ${steps.toLocaleString("en")} keyed steps`,
    fn: () =>
      resumable(async (step, { dep }) => {
        let s = 0;
        for (let i = 0; i < steps; i++) s += await step(() => dep(i), { key: `s${i}` });
        return s;
      }),
  };
}
