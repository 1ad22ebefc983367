import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WorkflowEvent } from "@awaitly/core";
import { renderToHTML } from "./html-renderer";
import {
  createPerformanceAnalyzer,
  type HeatmapData,
  type PerformanceAnalyzer,
} from "./performance-analyzer";
import { createTimeTravelController, type TimeTravelController } from "./time-travel";
import type { WorkflowIR } from "./types";

export interface DevServerOptions {
  /** Port to listen on (`0` picks a free one). Defaults to `3377`. */
  port?: number | undefined;
  /** Host to bind. Defaults to `"localhost"`. */
  host?: string | undefined;
  /** Open the browser once listening (only for localhost URLs). Defaults to `false`. */
  autoOpen?: boolean | undefined;
  workflowName?: string | undefined;
  timeTravel?: boolean | undefined;
  heatmap?: boolean | undefined;
  /** Snapshots kept. Defaults to `1000`. */
  maxSnapshots?: number | undefined;
}
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

const mapsAsObjects = (_key: string, value: unknown) =>
  value instanceof Map
    ? Object.fromEntries(value)
    : value instanceof Error
      ? { name: value.name, message: value.message }
      : value;

/**
 * A local HTTP server showing the run being recorded: `/` is the HTML view of the current IR
 * (reload to refresh), `/api/ir`, `/api/snapshots` and `/api/performance` serve JSON.
 * @example
 * const server = await createDevServer({ port: 0 });
 * const { url } = await server.start();
 * const workflow = createWorkflow(deps, { onEvent: server.handleEvent });
 */
export async function createDevServer(options: DevServerOptions = {}): Promise<DevServer> {
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

  const currentIR = () => {
    const ir = pushed ?? timeTravel.getCurrentIR();
    if (options.workflowName && !ir.root.name) ir.root.name = options.workflowName;
    return ir;
  };

  const handle = (url: string | undefined): { status: number; type: string; body: string } => {
    const path = (url ?? "/").split("?")[0];
    if (path === "/" || path === "/index.html") {
      return {
        status: 200,
        type: "text/html; charset=utf-8",
        body: renderToHTML(currentIR(), { theme: "auto", layout: "TB" }),
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
        execFile(cmd as string, args as string[], () => {});
      }
      return address;
    },
    async stop() {
      if (!server) return;
      const closing = server;
      server = undefined;
      address = undefined;
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    handleEvent(event) {
      timeTravel.handleEvent(event);
      analyzer.addEvent(event as WorkflowEvent<unknown>);
      pushed = undefined;
    },
    pushUpdate(ir) {
      pushed = ir;
    },
    pushHeatmap(data) {
      heatmap = data;
    },
    complete() {
      analyzer.finalizeRun("current");
    },
    getTimeTravel: () => timeTravel,
    getAnalyzer: () => analyzer,
    getCurrentIR: currentIR,
  };
}
