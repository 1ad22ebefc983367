import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WorkflowEvent } from "@awaitly/core";
import { renderSvg, renderToHTML, statusText } from "./html-renderer";
import {
  createPerformanceAnalyzer,
  type HeatmapData,
  type PerformanceAnalyzer,
} from "./performance-analyzer";
import { createTimeTravelController, type TimeTravelController } from "./time-travel";
import type { WorkflowIR } from "./types";

/** Options of `createDevServer`. */
export interface DevServerOptions {
  /** Port to listen on (`0` picks a free one). Defaults to `3377`. */
  port?: number | undefined;
  /** Host to bind. Defaults to `"localhost"`. */
  host?: string | undefined;
  /** Open the browser once listening (only for localhost URLs). Defaults to `false`. */
  autoOpen?: boolean | undefined;
  /** Title of the page when the run has no name. Defaults to the run's name, else "Workflow". */
  workflowName?: string | undefined;
  /**
   * Time-travel controls on the page (step, play, slider) and the `time_travel_*` messages that
   * drive them. When `false` the page follows the run only and those messages are ignored.
   * Defaults to `true`.
   */
  timeTravel?: boolean | undefined;
  /**
   * The heatmap toggle and metric picker on the page: turned on, the server answers with the
   * heat of each step from the runs finished so far (`complete()`), per metric. When `false`
   * the controls are left out and `toggle_heatmap` / `set_heatmap_metric` are ignored.
   * Defaults to `true`.
   */
  heatmap?: boolean | undefined;
  /** Snapshots kept. Defaults to `1000`. */
  maxSnapshots?: number | undefined;
}
/** A local page of the run being recorded, kept live over a WebSocket. */
export interface DevServer {
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
  handleEvent(event: WorkflowEvent<unknown, unknown>): void;
  pushUpdate(ir: WorkflowIR): void;
  pushHeatmap(data: HeatmapData): void;
  complete(): void;
  getTimeTravel(): TimeTravelController;
  getAnalyzer(): PerformanceAnalyzer;
  getCurrentIR(): WorkflowIR;
}

/** What the page sends over the WebSocket. */
export interface WebVisualizerMessage {
  type:
    | "time_travel_seek"
    | "time_travel_play"
    | "time_travel_pause"
    | "time_travel_step_forward"
    | "time_travel_step_backward"
    | "request_snapshots"
    | "toggle_heatmap"
    | "set_heatmap_metric";
  payload?: unknown;
}
/** What the server sends over the WebSocket. */
export interface ServerMessage {
  type:
    | "ir_update"
    | "snapshot"
    | "snapshots_list"
    | "performance_data"
    | "workflow_complete"
    | "time_travel_state";
  payload: unknown;
}

type Socket = {
  readyState: number;
  send(data: string): void;
  on(event: "message", listener: (data: unknown) => void): void;
};
type SocketServer = {
  handleUpgrade(req: unknown, socket: unknown, head: unknown, done: (ws: Socket) => void): void;
  close(): void;
};

type HeatMetric = "duration" | "retryRate" | "errorRate";
const isHeatMetric = (value: unknown): value is HeatMetric =>
  value === "duration" || value === "retryRate" || value === "errorRate";

const mapsAsObjects = (_key: string, value: unknown): unknown =>
  value instanceof Map
    ? Object.fromEntries(value)
    : value instanceof Error
      ? { name: value.name, message: value.message }
      : value;

/**
 * A local HTTP server showing the run being recorded: `/` is the HTML view of the current IR,
 * kept live over a WebSocket (when the optional `ws` peer is installed) with time-travel controls
 * and a heatmap; `/api/ir`, `/api/snapshots` and `/api/performance` serve JSON.
 * @example
 * const server = await createDevServer({ port: 0 });
 * const { url } = await server.start();
 * const workflow = createWorkflow(deps, { onEvent: server.handleEvent });
 */
export function createDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  // A promise, so bad options reject like a failed start does.
  return new Promise((resolve) => resolve(openDevServer(options)));
}

function openDevServer(options: DevServerOptions): DevServer {
  const port = options.port ?? 3377;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`createDevServer: port must be 0–65535, got ${String(port)}`);
  const host = options.host ?? "localhost";
  const timeTravel = createTimeTravelController({ maxSnapshots: options.maxSnapshots ?? 1000 });
  const analyzer = createPerformanceAnalyzer();
  let pushed: WorkflowIR | undefined;
  let heatmap: HeatmapData | undefined;
  let server: Server | undefined;
  let address: { port: number; url: string } | undefined;
  let sockets: SocketServer | undefined;
  const timeTravelOn = options.timeTravel ?? true;
  const heatmapOn = options.heatmap ?? true;
  const clients = new Set<Socket>();
  // What each page asked to see: the heatmap on or off, and by which metric.
  const heatViews = new Map<Socket, { enabled: boolean; metric: HeatMetric }>();
  let pending: ReturnType<typeof setTimeout> | undefined;

  const message = (type: ServerMessage["type"], payload: unknown) =>
    JSON.stringify({ type, payload }, mapsAsObjects);
  const broadcast = (type: ServerMessage["type"], payload: unknown) => {
    if (clients.size === 0) return;
    const data = message(type, payload);
    for (const client of clients) if (client.readyState === 1) client.send(data);
  };
  const irUpdate = (ir: WorkflowIR) => ({ ir, svg: renderSvg(ir), status: statusText(ir) });
  // One IR broadcast per 50 ms at most, so a long run does not send the whole IR per event.
  const scheduleUpdate = () => {
    if (pending !== undefined || clients.size === 0) return;
    pending = setTimeout(() => {
      pending = undefined;
      broadcast("ir_update", irUpdate(currentIR()));
    }, 50);
  };
  const travelState = () => {
    const { currentIndex, isPlaying, playbackSpeed, isRecording } = timeTravel.getState();
    return {
      currentIndex,
      isPlaying,
      playbackSpeed,
      isRecording,
      snapshotCount: timeTravel.getSnapshots().length,
    };
  };
  timeTravel.onStateChange(() => {
    if (timeTravelOn) broadcast("time_travel_state", travelState());
  });

  const onClientMessage = (client: Socket, raw: unknown) => {
    let msg: WebVisualizerMessage;
    try {
      msg = JSON.parse(String(raw)) as WebVisualizerMessage;
    } catch {
      return; // a malformed message is ignored
    }
    const reply = (type: ServerMessage["type"], payload: unknown) =>
      client.send(message(type, payload));
    const show = (ir: WorkflowIR | undefined) => {
      if (ir) reply("ir_update", irUpdate(ir));
    };
    if (msg.type === "toggle_heatmap" || msg.type === "set_heatmap_metric") {
      if (!heatmapOn) return;
      const view = heatViews.get(client) ?? { enabled: false, metric: "duration" };
      const payload = (msg.payload ?? {}) as { enabled?: unknown; metric?: unknown };
      if (msg.type === "toggle_heatmap")
        view.enabled = typeof payload.enabled === "boolean" ? payload.enabled : !view.enabled;
      if (isHeatMetric(payload.metric)) view.metric = payload.metric;
      heatViews.set(client, view);
      reply("performance_data", heatPayload(view));
      return;
    }
    if (!timeTravelOn) return;
    if (msg.type === "time_travel_seek")
      show(timeTravel.seek(Number((msg.payload as { index?: unknown })?.index)));
    else if (msg.type === "time_travel_step_forward") show(timeTravel.stepForward());
    else if (msg.type === "time_travel_step_backward") show(timeTravel.stepBackward());
    else if (msg.type === "time_travel_play")
      timeTravel.play(Number((msg.payload as { speed?: unknown })?.speed ?? 1) || 1);
    else if (msg.type === "time_travel_pause") timeTravel.pause();
    else if (msg.type === "request_snapshots") {
      reply(
        "snapshots_list",
        timeTravel
          .getSnapshots()
          .map((snap) => ({ id: snap.id, eventIndex: snap.eventIndex, timestamp: snap.timestamp })),
      );
    }
  };

  const heatPayload = (view: { enabled: boolean; metric: HeatMetric }) => {
    const data = analyzer.getHeatmap(currentIR(), view.metric);
    return {
      enabled: view.enabled,
      metric: view.metric,
      heat: view.enabled ? Object.fromEntries(data.heat) : {},
      stats: data.stats,
    };
  };

  const currentIR = () => {
    const ir = pushed ?? timeTravel.getCurrentIR();
    if (options.workflowName && !ir.root.name) ir.root.name = options.workflowName;
    return ir;
  };

  const handle = (url: string | undefined): { status: number; type: string; body: string } => {
    const path = (url ?? "/").split("?")[0];
    if (path === "/" || path === "/index.html") {
      const wsUrl = sockets && address ? address.url.replace(/^http/, "ws") : undefined;
      return {
        status: 200,
        type: "text/html; charset=utf-8",
        body: renderToHTML(currentIR(), {
          theme: "auto",
          layout: "TB",
          timeTravel: timeTravelOn,
          heatmap: heatmapOn,
          ...(wsUrl ? { wsUrl } : {}),
        }),
      };
    }
    if (path === "/api/ir")
      return {
        status: 200,
        type: "application/json",
        body: JSON.stringify(currentIR(), mapsAsObjects),
      };
    if (path === "/api/snapshots") {
      const list = timeTravel
        .getSnapshots()
        .map((s) => ({ id: s.id, eventIndex: s.eventIndex, timestamp: s.timestamp }));
      return { status: 200, type: "application/json", body: JSON.stringify(list) };
    }
    if (path === "/api/performance") {
      return {
        status: 200,
        type: "application/json",
        body: heatmap
          ? JSON.stringify({
              ...JSON.parse(analyzer.exportData()),
              heatmap: { ...heatmap, heat: Object.fromEntries(heatmap.heat) },
            })
          : analyzer.exportData(),
      };
    }
    // Browsers ask for a favicon; answering keeps their console free of 404s.
    if (path === "/favicon.ico") return { status: 204, type: "image/x-icon", body: "" };
    return { status: 404, type: "text/plain", body: "Not Found" };
  };

  return {
    async start() {
      if (address) return address;
      server = createServer((req, res) => {
        const { status, type, body } = handle(req.url);
        res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
        res.end(body);
      });
      const listening = server;
      // Live updates need the optional `ws` peer; without it the page is still served (reload to refresh).
      try {
        const ws = (await import("ws")) as unknown as {
          WebSocketServer?: new (o: { noServer: true }) => SocketServer;
          default?: { WebSocketServer?: new (o: { noServer: true }) => SocketServer };
        };
        const WebSocketServer = ws.WebSocketServer ?? ws.default?.WebSocketServer;
        if (WebSocketServer) {
          const wss = new WebSocketServer({ noServer: true });
          sockets = wss;
          listening.on("upgrade", (req, socket, head) => {
            wss.handleUpgrade(req, socket, head, (client) => {
              clients.add(client);
              client.on("message", (data) => onClientMessage(client, data));
              (client as unknown as { on(e: "close", l: () => void): void }).on("close", () => {
                clients.delete(client);
                heatViews.delete(client);
              });
              client.send(message("ir_update", irUpdate(currentIR())));
              if (timeTravelOn) client.send(message("time_travel_state", travelState()));
            });
          });
        }
      } catch {
        console.warn("[DevServer] install `ws` for live updates; serving static pages");
      }
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(port, host, () => resolve());
      });
      const actual = (listening.address() as AddressInfo).port;
      address = { port: actual, url: `http://${host}:${actual}` };
      if (
        options.autoOpen === true &&
        /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(address.url)
      ) {
        const { execFile } = await import("node:child_process");
        const [cmd, args] =
          process.platform === "darwin"
            ? ["open", [address.url]]
            : process.platform === "win32"
              ? ["cmd.exe", ["/c", "start", "", address.url]]
              : ["xdg-open", [address.url]];
        execFile(cmd, args, () => {});
      }
      return address;
    },
    async stop() {
      if (!server) return;
      const closing = server;
      server = undefined;
      address = undefined;
      if (pending !== undefined) clearTimeout(pending);
      pending = undefined;
      for (const client of clients) (client as unknown as { terminate?: () => void }).terminate?.();
      clients.clear();
      heatViews.clear();
      sockets?.close();
      sockets = undefined;
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    handleEvent(event) {
      timeTravel.handleEvent(event);
      analyzer.addEvent(event);
      pushed = undefined;
      scheduleUpdate();
    },
    pushUpdate(ir) {
      pushed = ir;
      broadcast("ir_update", irUpdate(ir));
    },
    pushHeatmap(data) {
      heatmap = data;
      broadcast("performance_data", { ...data, heat: Object.fromEntries(data.heat) });
    },
    complete() {
      analyzer.finalizeRun("current");
      if (pending !== undefined) {
        clearTimeout(pending);
        pending = undefined;
      }
      broadcast("ir_update", irUpdate(currentIR()));
      // Pages showing the heatmap get it again, now counting the run that just finished.
      for (const [client, view] of heatViews)
        if (view.enabled && client.readyState === 1)
          client.send(message("performance_data", heatPayload(view)));
      broadcast("workflow_complete", null);
    },
    getTimeTravel: () => timeTravel,
    getAnalyzer: () => analyzer,
    getCurrentIR: currentIR,
  };
}
