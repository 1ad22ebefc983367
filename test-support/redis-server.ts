// Test support shared by the packages whose tests need Redis. It speaks RESP over node:net itself,
// so it lives outside any package and needs no Redis client installed next to it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createConnection, createServer } from "node:net";

const command = (...args: string[]): string =>
  `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;

/** Resolves whether a Redis server answers PING at `url` within about a second. */
export function pingRedis(url: string): Promise<boolean> {
  const { hostname, port, username, password } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    let reply = "";
    const finish = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () => {
      const auth = password
        ? command(
            "AUTH",
            ...(username ? [decodeURIComponent(username)] : []),
            decodeURIComponent(password),
          )
        : "";
      socket.write(auth + command("PING"));
    });
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("+PONG")) finish(true);
      else if (reply.startsWith("-") || reply.includes("\r\n-")) finish(false);
    });
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Returns a URL with a live Redis: `url` when it answers, else a `redis-server` started on `port`
 * (a free port when not given; stop it with the returned `stop`). Throws, saying what is missing,
 * when neither works.
 */
export async function ensureRedis(
  url: string,
  port?: number,
): Promise<{ url: string; started: boolean; stop: () => Promise<void> }> {
  if (await pingRedis(url)) return { url, started: false, stop: async () => {} };
  const which = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (which.error !== undefined || which.status !== 0) {
    throw new Error(
      `No Redis answers at ${url} and no redis-server binary is on PATH. ` +
        "Start Redis and set REDIS_URL, or install redis-server (apt-get install redis-server).",
    );
  }
  const listen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(listen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const started = `redis://127.0.0.1:${listen}`;
  for (let i = 0; i < 50; i++) {
    if (await pingRedis(started)) {
      return {
        url: started,
        started: true,
        stop: () =>
          new Promise((resolve) => {
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`Started redis-server on port ${listen} but it never answered PING`);
}
