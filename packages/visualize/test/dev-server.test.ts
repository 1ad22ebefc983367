import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createDevServer, type DevServer, type DevServerOptions } from "@awaitly/visualize";

type Message = { type: string; payload: unknown };

/** A real WebSocket client that queues what the server sends, in order. */
async function connect(url: string) {
  const socket = new WebSocket(url.replace(/^http/, "ws"));
  const queue: Message[] = [];
  const waiters: ((m: Message) => void)[] = [];
  socket.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString()) as Message;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const next = () =>
    new Promise<Message>((resolve) => {
      const queued = queue.shift();
      if (queued) resolve(queued);
      else waiters.push(resolve);
    });
  return {
    send: (type: string, payload?: unknown) => socket.send(JSON.stringify({ type, payload })),
    next,
    /** Skips messages until one of `type` arrives. */
    async until(type: string) {
      for (;;) {
        const message = await next();
        if (message.type === type) return message;
      }
    },
    close: () => socket.close(),
  };
}

/** Two steps per run: "Fetch" (fast, never fails) and "Charge" (slow, fails when asked). */
function feedRun(server: DevServer, id: string, chargeMs: number, fails: boolean) {
  const w = { workflowId: id };
  server.handleEvent({ type: "workflow_start", ...w, ts: 0 });
  server.handleEvent({ type: "step_start", ...w, stepId: "fetch", name: "Fetch", ts: 1 });
  server.handleEvent({
    type: "step_success",
    ...w,
    stepId: "fetch",
    name: "Fetch",
    ts: 11,
    durationMs: 10,
  });
  server.handleEvent({ type: "step_start", ...w, stepId: "charge", name: "Charge", ts: 20 });
  server.handleEvent(
    fails
      ? {
          type: "step_error",
          ...w,
          stepId: "charge",
          name: "Charge",
          ts: 20 + chargeMs,
          durationMs: chargeMs,
          error: "DECLINED",
        }
      : {
          type: "step_success",
          ...w,
          stepId: "charge",
          name: "Charge",
          ts: 20 + chargeMs,
          durationMs: chargeMs,
        },
  );
  server.handleEvent(
    fails
      ? { type: "workflow_error", ...w, ts: 30 + chargeMs, durationMs: 30, error: "DECLINED" }
      : { type: "workflow_success", ...w, ts: 30 + chargeMs, durationMs: 30 },
  );
  server.complete();
}

let server: DevServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
const start = async (options: DevServerOptions = {}) => {
  server = await createDevServer({ port: 0, host: "127.0.0.1", ...options });
  return { server, ...(await server.start()) };
};

type Heat = { enabled: boolean; metric: string; heat: Record<string, number> };

describe("createDevServer heatmap", () => {
  it("answers toggle_heatmap with each step's heat and set_heatmap_metric with the new metric", async () => {
    const { server, url } = await start();
    feedRun(server, "r1", 100, false);
    feedRun(server, "r2", 300, true);
    const client = await connect(url);
    client.send("toggle_heatmap", { enabled: true });
    const byDuration = (await client.until("performance_data")).payload as Heat;
    expect(byDuration).toMatchObject({ enabled: true, metric: "duration" });
    // Charge averages 200 ms, Fetch 10 ms: the slowest step is the hottest.
    expect(byDuration.heat).toEqual({ fetch: 0, charge: 1 });

    client.send("set_heatmap_metric", { metric: "errorRate" });
    const byErrors = (await client.until("performance_data")).payload as Heat;
    expect(byErrors).toMatchObject({ enabled: true, metric: "errorRate" });
    expect(byErrors.heat).toEqual({ fetch: 0, charge: 1 });

    client.send("toggle_heatmap", { enabled: false });
    const off = (await client.until("performance_data")).payload as Heat;
    expect(off).toMatchObject({ enabled: false, heat: {} });
    client.close();
  });

  it("sends a page showing the heatmap fresh heat when a run completes", async () => {
    const { server, url } = await start();
    feedRun(server, "r1", 100, false);
    const client = await connect(url);
    client.send("toggle_heatmap", { enabled: true, metric: "errorRate" });
    expect(((await client.until("performance_data")).payload as Heat).heat).toEqual({
      fetch: 0,
      charge: 0,
    });
    feedRun(server, "r2", 100, true);
    const after = (await client.until("performance_data")).payload as Heat;
    expect(after.metric).toBe("errorRate");
    expect(after.heat).toEqual({ fetch: 0, charge: 1 });
    client.close();
  });

  it("ignores the heatmap messages when heatmap is false", async () => {
    const { server, url } = await start({ heatmap: false });
    feedRun(server, "r1", 100, false);
    const client = await connect(url);
    await client.until("time_travel_state");
    client.send("toggle_heatmap", { enabled: true });
    client.send("request_snapshots");
    // Replies come in order: the first one answers request_snapshots, so the toggle got none.
    expect((await client.next()).type).toBe("snapshots_list");
    client.close();
  });
});

describe("createDevServer time travel", () => {
  it("seeks and steps over the WebSocket when on (the default)", async () => {
    const { server, url } = await start();
    feedRun(server, "r1", 100, false);
    const client = await connect(url);
    await client.until("time_travel_state");
    client.send("time_travel_seek", { index: 1 });
    const seek = (await client.until("ir_update")).payload as {
      ir: { root: { children: { state: string }[] } };
    };
    expect(seek.ir.root.children.map((c) => c.state)).toEqual(["running"]);
    client.send("time_travel_step_forward");
    const forward = (await client.until("ir_update")).payload as typeof seek;
    expect(forward.ir.root.children.map((c) => c.state)).toEqual(["success"]);
    client.close();
  });

  it("ignores the time-travel messages and sends no time-travel state when timeTravel is false", async () => {
    const { server, url } = await start({ timeTravel: false });
    feedRun(server, "r1", 100, false);
    const client = await connect(url);
    expect((await client.next()).type).toBe("ir_update");
    client.send("time_travel_seek", { index: 1 });
    client.send("time_travel_step_backward");
    client.send("time_travel_play", { speed: 10 });
    client.send("request_snapshots");
    client.send("toggle_heatmap", { enabled: true });
    // Neither a time_travel_state on connect nor a reply to the time-travel messages: the first
    // message after the initial ir_update answers toggle_heatmap.
    expect((await client.next()).type).toBe("performance_data");
    expect(server.getTimeTravel().getState().isPlaying).toBe(false);
    client.close();
  });
});

type IRPayload = {
  ir: { root: { workflowId: string; state: string; children: { id: string; state: string }[] } };
};
const picture = (payload: unknown) => {
  const { root } = (payload as IRPayload).ir;
  return { run: root.workflowId, state: root.state, steps: root.children.map((c) => c.state) };
};

describe("createDevServer across runs", () => {
  it("starts a fresh diagram for a new run, keeps the earlier run in time travel and both in the heat", async () => {
    const { server, url } = await start();
    const client = await connect(url);
    await client.until("ir_update");
    feedRun(server, "r1", 100, false);
    expect(picture((await client.until("ir_update")).payload)).toEqual({
      run: "r1",
      state: "success",
      steps: ["success", "success"],
    });

    const w = { workflowId: "r2" };
    server.handleEvent({ type: "workflow_start", ...w, ts: 100 });
    server.handleEvent({ type: "step_start", ...w, stepId: "fetch", name: "Fetch", ts: 101 });
    // The live page shows the new run alone, not appended to the last one.
    expect(picture((await client.until("ir_update")).payload)).toEqual({
      run: "r2",
      state: "running",
      steps: ["running"],
    });
    server.handleEvent({
      type: "step_success",
      ...w,
      stepId: "fetch",
      name: "Fetch",
      ts: 111,
      durationMs: 10,
    });
    server.handleEvent({ type: "step_start", ...w, stepId: "charge", name: "Charge", ts: 120 });
    server.handleEvent({
      type: "step_error",
      ...w,
      stepId: "charge",
      name: "Charge",
      ts: 420,
      durationMs: 300,
      error: "DECLINED",
    });
    server.handleEvent({
      type: "workflow_error",
      ...w,
      ts: 430,
      durationMs: 330,
      error: "DECLINED",
    });
    server.complete();
    expect(picture((await client.until("ir_update")).payload)).toEqual({
      run: "r2",
      state: "error",
      steps: ["success", "error"],
    });
    const api = (await (await fetch(`${url}/api/ir`)).json()) as IRPayload["ir"];
    expect(api.root.children.map((c) => c.id)).toEqual(["fetch", "charge"]);

    // Time travel still reaches the first run: its last snapshot (6 events in) shows it finished.
    client.send("request_snapshots");
    expect(((await client.until("snapshots_list")).payload as unknown[]).length).toBe(12);
    client.send("time_travel_seek", { index: 5 });
    expect(picture((await client.until("ir_update")).payload)).toEqual({
      run: "r1",
      state: "success",
      steps: ["success", "success"],
    });

    // The heat covers both runs (Charge: 100 and 300 ms) on the new run's steps.
    client.send("toggle_heatmap", { enabled: true, metric: "errorRate" });
    expect(((await client.until("performance_data")).payload as Heat).heat).toEqual({
      fetch: 0,
      charge: 1,
    });
    expect(server.getAnalyzer().getNodePerformance("Charge")).toMatchObject({
      samples: 2,
      errorRate: 0.5,
    });
    client.close();
  });
});
