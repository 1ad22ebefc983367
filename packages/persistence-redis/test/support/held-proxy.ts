import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP proxy to Redis that, between `hold()` and `release()`, holds everything clients send, so a test can make a
 * command reach the server late (after the client gave up on it) without pausing the shared server.
 */
export async function startHeldProxy(redisUrl: string): Promise<{
  url: string;
  hold: () => void;
  release: () => void;
  close: () => Promise<void>;
}> {
  const target = new URL(redisUrl);
  let held = false;
  const waiting: Array<() => void> = [];
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    upstream.pipe(client);
    client.on("data", (chunk: Buffer) => {
      if (held) waiting.push(() => upstream.write(chunk));
      else upstream.write(chunk);
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    hold() {
      held = true;
    },
    release() {
      held = false;
      for (const send of waiting.splice(0)) send();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
