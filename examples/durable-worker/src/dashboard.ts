import type { Server } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { WorkflowQueue } from "@awaitly/bullmq";
import { createRunConsole } from "@awaitly/console";
import express from "express";

/**
 * Serves bull-board for the queues' BullMQ queues at `/admin/queues`, and the awaitly run console
 * (runs, steps, cancel/signal/resume/retry) at `/runs` next to it.
 */
export async function startDashboard(
  queues: Array<WorkflowQueue<never, unknown, unknown>>,
  port = 0,
): Promise<{ server: Server; url: string; consoleUrl: string }> {
  const adapter = new ExpressAdapter();
  adapter.setBasePath("/admin/queues");
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue.bullQueue)),
    serverAdapter: adapter,
  });
  const app = express();
  app.use("/admin/queues", adapter.getRouter());
  app.use(
    "/runs",
    createRunConsole({
      queues,
      // The demo listens on 127.0.0.1 only; a real app checks its own users here.
      authorize: (req) =>
        ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(req.socket.remoteAddress ?? ""),
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, "127.0.0.1", () => resolve(listening));
  });
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  const origin = `http://127.0.0.1:${String(actual)}`;
  return { server, url: `${origin}/admin/queues`, consoleUrl: `${origin}/runs/` };
}
