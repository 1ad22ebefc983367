import type { Server } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { WorkflowQueue } from "@awaitly/bullmq";
import express from "express";

/** Serves bull-board for the queues' BullMQ queues at `/admin/queues`. */
export async function startDashboard(
  queues: Array<WorkflowQueue<never, unknown, unknown>>,
  port = 0,
): Promise<{ server: Server; url: string }> {
  const adapter = new ExpressAdapter();
  adapter.setBasePath("/admin/queues");
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue.bullQueue)),
    serverAdapter: adapter,
  });
  const app = express();
  app.use("/admin/queues", adapter.getRouter());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, "127.0.0.1", () => resolve(listening));
  });
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  return { server, url: `http://127.0.0.1:${String(actual)}/admin/queues` };
}
