// Test support: a throwaway local Redis Cluster (3 masters, no replicas) for the tests that must
// prove a package works on Redis Cluster. It needs the redis-server and redis-cli binaries.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pingRedis } from "./redis-server";

/** A running local cluster; `stop()` kills its nodes and removes their files. */
export interface LocalRedisCluster {
  /** The masters' addresses, for `new Cluster(nodes)`. */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  /** Kills every node and deletes the temp directory; safe to call twice. */
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

// A node needs two ports: its own and its cluster bus port (+10000).
async function freeNodePort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) {
      taken.add(port);
      taken.add(port + 10_000);
      return port;
    }
  }
  throw new Error("startRedisCluster: found no free port pair (port, port + 10000)");
}

function assertBinary(name: string): void {
  const found = spawnSync(name, ["--version"], { encoding: "utf8" });
  if (found.error !== undefined || found.status !== 0) {
    throw new Error(
      `startRedisCluster: the "${name}" binary is not on PATH; install Redis ` +
        "(apt-get install redis-server, which brings redis-cli) to run the Redis Cluster tests.",
    );
  }
}

function cli(...args: string[]): string {
  const run = spawnSync("redis-cli", args, { encoding: "utf8", timeout: 30_000 });
  if (run.error !== undefined) throw run.error;
  return `${run.stdout}${run.stderr}`;
}

/**
 * Starts `masters` redis-server processes in cluster mode on free ports (in a temp directory, no
 * persistence), joins them with `redis-cli --cluster create`, and resolves once every node reports
 * `cluster_state:ok`. On any failure it stops what it started before rethrowing.
 */
export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  assertBinary("redis-server");
  assertBinary("redis-cli");
  const dir = mkdtempSync(join(tmpdir(), "awaitly-redis-cluster-"));
  const children: ChildProcess[] = [];
  const taken = new Set<number>();
  const ports: number[] = [];
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off("exit", killNow);
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  // If the test process exits without running its teardown, the nodes must not outlive it.
  const killNow = (): void => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", killNow);

  try {
    for (let i = 0; i < masters; i++) {
      const port = await freeNodePort(taken);
      ports.push(port);
      // The child's own exit reports a port that became busy since we looked.
      children.push(
        spawn(
          "redis-server",
          [
            "--port",
            String(port),
            "--bind",
            HOST,
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            join(dir, `nodes-${port}.conf`),
            "--cluster-node-timeout",
            "5000",
            "--dir",
            dir,
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
          ],
          { stdio: "ignore" },
        ),
      );
    }
    for (const port of ports) {
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = await pingRedis(`redis://${HOST}:${port}`);
        if (!up) await new Promise((r) => setTimeout(r, 50));
      }
      if (!up) throw new Error(`startRedisCluster: redis-server on port ${port} never answered`);
    }
    const created = cli(
      "--cluster",
      "create",
      ...ports.map((port) => `${HOST}:${port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    );
    if (!created.includes("[OK] All 16384 slots covered")) {
      throw new Error(`startRedisCluster: redis-cli --cluster create failed:\n${created}`);
    }
    for (const port of ports) {
      let ok = false;
      for (let i = 0; i < 200 && !ok; i++) {
        ok = cli("-h", HOST, "-p", String(port), "cluster", "info").includes("cluster_state:ok");
        if (!ok) await new Promise((r) => setTimeout(r, 50));
      }
      if (!ok) throw new Error(`startRedisCluster: node ${port} never reached cluster_state:ok`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((port) => ({ host: HOST, port })), stop };
}
