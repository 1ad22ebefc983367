import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApprovalWebhookHandler, createMemoryApprovalStore } from "@awaitly/hitl";

// A real HTTP server on an ephemeral port: the handler's `status` becomes the HTTP status.
const store = createMemoryApprovalStore();
const approvers: Record<string, string[]> = { "token-mia": ["approve:"], "token-guest": [] };
const handle = createApprovalWebhookHandler<IncomingMessage>(store, {
  authorize: (body, req) => {
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    const scopes = token === undefined ? undefined : approvers[token];
    if (scopes === undefined) return { allow: false, reason: "unauthenticated" };
    return scopes.some((p) => body.key.startsWith(p)) ? { allow: true, actorId: token } : false;
  },
});
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => void respond(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approvals`;
});

async function respond(req: IncomingMessage, res: ServerResponse) {
  let raw = "";
  for await (const chunk of req) raw += String(chunk);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const response = await handle(body, req);
  res
    .writeHead(response.status, { "content-type": "application/json" })
    .end(JSON.stringify(response));
}
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: string, token?: string) =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });

describe("createApprovalWebhookHandler over HTTP", () => {
  it("answers 401, 403, 400, 200 and 409 with the matching HTTP status", async () => {
    await store.createApproval("approve:7");
    const approve = JSON.stringify({ key: "approve:7", action: "approve", value: true });
    expect((await post(approve)).status).toBe(401);
    expect((await post(approve, "token-guest")).status).toBe(403);
    expect((await post("{not json", "token-mia")).status).toBe(400);
    const ok = await post(approve, "token-mia");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      success: true,
      data: { key: "approve:7", action: "approve" },
    });
    expect(await store.getApproval("approve:7")).toMatchObject({ approvedBy: "token-mia" });
    expect((await post(approve, "token-mia")).status).toBe(409);
  });
});
