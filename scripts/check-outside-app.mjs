#!/usr/bin/env node
// The first app a user writes, checked in CI: packs the packages the README examples need, creates a
// scratch app in a temporary directory outside the repository, installs the tarballs with the
// READMEs' own `npm install` lines (everything else, the peers included, at the registry's current
// versions), then compiles the README examples with a strict tsc and runs them; each must exit by
// itself. It repeats with the lowest version of every peer range the tarballs declare, so the
// ranges we publish are the ranges we tested. The examples are read from the README code blocks,
// never copied. Needs the packages built (`turbo run build`) and Redis on 127.0.0.1:6379.
import { execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";

const root = realpathSync(new URL("..", import.meta.url).pathname);
const run = promisify(execFile);
const started = Date.now();
const log = (message) =>
  console.log(`outside-app: ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/**
 * The README examples the scratch app compiles (and, with `run`, runs): each is the first ```ts
 * block under `heading` in `readme`; `install` names the README whose install line brings its packages.
 */
const examples = [
  {
    file: "taste.ts",
    readme: "README.md",
    heading: "Typed workflows",
    install: "packages/core/README.md",
    run: true,
  },
  {
    file: "bullmq.ts",
    readme: "packages/bullmq/README.md",
    heading: "Example",
    install: "packages/bullmq/README.md",
    run: true,
    expect: "ch-order-42:charge",
    redis: ["bull:orders:*", "awaitly:run:*order-42*"],
  },
  {
    file: "postgres.ts",
    readme: "packages/persistence-postgres/README.md",
    heading: "Example",
    install: "packages/persistence-postgres/README.md",
    run: false,
  },
];

const workspace = new Map();
for (const dir of readdirSync(join(root, "packages"))) {
  const file = join(root, "packages", dir, "package.json");
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  workspace.set(pkg.name, { dir: join(root, "packages", dir), pkg });
}

// The README example connects as a copied script would: to Redis's default address.
const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
if (
  !["127.0.0.1", "localhost"].includes(redisUrl.hostname) ||
  (redisUrl.port || "6379") !== "6379"
) {
  console.error(
    `outside-app: the README example connects to Redis on localhost:6379, but REDIS_URL is ${redisUrl.href}`,
  );
  process.exit(1);
}

const app = mkdtempSync(join(realpathSync(tmpdir()), "awaitly-app-"));
if (!relative(root, app).startsWith(".."))
  throw new Error(`the scratch app ${app} must be outside ${root}`);
let failed = false;
try {
  const installLines = [...new Set(examples.map((e) => e.install))].map(installLineOf);
  const tarballs = await packAll(installLines.flat().filter((arg) => workspace.has(arg)));
  log(`packed ${tarballs.size} packages`);

  // Our packages are not on the registry here: an install line's @awaitly names become their
  // tarballs, and npm's `overrides` (the same spec) resolves the packages they depend on to theirs,
  // as the registry would. A package found nowhere else fails the install (404).
  const overrides = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "scratch-app", private: true, type: "module", overrides }, null, 2),
  );
  for (const line of installLines)
    await npm(["install", ...line.map((arg) => overrides[arg] ?? arg)]);
  await npm(["install", "--save-dev", "typescript", "@types/node"]);
  assertFromTarballs(tarballs);
  log(`installed ${installLines.map((l) => l.join(" ")).join(" + ")} from the tarballs`);

  // The compiler settings a new project starts with (`tsc --init`: strict, nodenext,
  // exactOptionalPropertyTypes, verbatimModuleSyntax, …), plus where the files are.
  await run(process.execPath, [join(app, "node_modules", "typescript", "bin", "tsc"), "--init"], {
    cwd: app,
  });
  renameSync(join(app, "tsconfig.json"), join(app, "tsconfig.init.json"));
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify(
      {
        extends: "./tsconfig.init.json",
        compilerOptions: { rootDir: "src", outDir: "dist", types: ["node"] },
        include: ["src"],
      },
      null,
      2,
    ),
  );
  mkdirSync(join(app, "src"));
  for (const example of examples) {
    writeFileSync(join(app, "src", example.file), `${exampleOf(example)}\nexport {};\n`);
  }

  const lowest = lowestPeers(tarballs);
  await compileAndRun(`the registry's current versions: ${installed([...lowest, "bullmq@"])}`);
  if (lowest.length > 0) {
    await npm(["install", "--no-save", ...lowest]);
    const now = installed(lowest);
    if (now !== lowest.join(", "))
      throw new Error(`asked npm for ${lowest.join(", ")}, got ${now}`);
    await compileAndRun(`the lowest peers our ranges allow: ${now}`);
  }
  log("every README example compiles and exits by itself");
} catch (error) {
  failed = true;
  console.error(`outside-app: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`outside-app: the scratch app is kept at ${app}`);
} finally {
  if (!failed) rmSync(app, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

/** The arguments of the first `npm install` line in a README (`["@awaitly/bullmq", …, "ioredis"]`). */
function installLineOf(readme) {
  const text = readFileSync(join(root, readme), "utf8");
  const line = /^\s*npm install (?!-)([^\n]+)$/m.exec(text);
  if (!line) throw new Error(`${readme} has no \`npm install\` line`);
  return line[1].trim().split(/\s+/);
}

/** The first ```ts block after the `## heading` line of a README. */
function exampleOf({ readme, heading }) {
  const text = readFileSync(join(root, readme), "utf8");
  const at = text.search(new RegExp(`^#+ ${heading}\\s*$`, "m"));
  if (at === -1) throw new Error(`${readme} has no "${heading}" heading`);
  const block = /^```(?:ts|typescript)\b[^\n]*\n([\s\S]*?)^```/m.exec(text.slice(at));
  if (!block) throw new Error(`${readme} has no TypeScript block under "${heading}"`);
  return `// ${readme}, "${heading}"\n${block[1]}`;
}

/** Packs the named packages and every workspace package they depend on; returns name -> tarball. */
async function packAll(names) {
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dep of Object.keys(workspace.get(name).pkg.dependencies ?? {}))
      if (workspace.has(dep)) visit(dep);
  };
  names.forEach(visit);
  const destination = join(app, ".tarballs");
  mkdirSync(destination);
  const pnpm = join(root, "node_modules", ".bin", "pnpm");
  const tarballs = new Map();
  await Promise.all(
    [...needed].map(async (name) => {
      const { dir } = workspace.get(name);
      if (!existsSync(join(dir, "dist")))
        throw new Error(`${name} is not built: run \`turbo run build\` first`);
      const { stdout } = await run(pnpm, ["pack", "--pack-destination", destination], { cwd: dir });
      const tarball = stdout.trim().split("\n").pop();
      tarballs.set(
        name,
        relative(app, tarball.startsWith("/") ? tarball : join(destination, tarball)),
      );
    }),
  );
  return tarballs;
}

/** Runs npm in the scratch app, the way a user does, with the output kept for errors only. */
async function npm(args) {
  try {
    await run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: app,
      maxBuffer: 1 << 24,
    });
  } catch (error) {
    throw new Error(`npm ${args.join(" ")} failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

/** Every @awaitly package in the app came from our tarballs (none from a registry, no second copy). */
function assertFromTarballs(tarballs) {
  const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8"));
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    if (!workspace.has(name)) continue;
    if (path !== `node_modules/${name}`)
      throw new Error(`a second copy of ${name} was installed at ${path}`);
    if (!tarballs.has(name) || !entry.resolved?.startsWith("file:")) {
      throw new Error(`${name} was installed from ${entry.resolved ?? "?"}, not from its tarball`);
    }
  }
  for (const client of ["ioredis", "pg", "@types/pg", "bullmq"]) {
    const copies = Object.keys(lock.packages).filter((p) => p.endsWith(`node_modules/${client}`));
    if (copies.length > 1)
      throw new Error(`${client} is installed ${copies.length} times: ${copies.join(", ")}`);
  }
}

/** `name@lowest` for each peer range of the packed packages whose peer the app installed. */
function lowestPeers(tarballs) {
  const lowest = new Map();
  for (const name of tarballs.keys()) {
    const manifest = JSON.parse(
      readFileSync(join(app, "node_modules", name, "package.json"), "utf8"),
    );
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (!existsSync(join(app, "node_modules", peer))) continue; // an optional peer nobody installed
      const floor = range
        .split("||")
        .map((r) => r.trim().replace(/^[\^~>=]+/, ""))
        .sort(compareVersions)[0];
      const seen = lowest.get(peer);
      if (seen === undefined || compareVersions(floor, seen) > 0) lowest.set(peer, floor);
    }
  }
  return [...lowest].map(([peer, version]) => `${peer}@${version}`);
}

/** `name@version` of what the app has installed, for each `name@…` given. */
function installed(specs) {
  return specs
    .map((spec) => spec.slice(0, spec.lastIndexOf("@")))
    .map(
      (name) =>
        `${name}@${JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version}`,
    )
    .join(", ");
}

/** Orders two `major.minor.patch` versions. */
function compareVersions(a, b) {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Compiles every example with the app's strict tsc, then runs the runnable ones. */
async function compileAndRun(label) {
  rmSync(join(app, "dist"), { recursive: true, force: true });
  try {
    await run(
      process.execPath,
      [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"],
      { cwd: app },
    );
  } catch (error) {
    throw new Error(
      `the README examples do not compile with ${label}:\n${error.stdout ?? ""}${error.stderr ?? ""}`,
    );
  }
  log(`${examples.length} README examples compile (strict) with ${label}`);
  for (const example of examples.filter((e) => e.run)) {
    if (example.redis) await clearRedis(example.redis);
    const output = await runToExit(
      join("dist", example.file.replace(/\.ts$/, ".js")),
      60_000,
    ).finally(() => example.redis && clearRedis(example.redis));
    if (example.expect && !output.includes(example.expect)) {
      throw new Error(
        `${example.readme} "${example.heading}" printed no "${example.expect}":\n${output}`,
      );
    }
    log(`${example.readme} "${example.heading}" ran and exited by itself`);
  }
}

/** Runs a compiled example; fails if it exits non-zero or is still running after `ms`. */
function runToExit(file, ms) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `${file} did not exit by itself within ${ms / 1000} s (something it opened is still open):\n${output}`,
        ),
      );
    }, ms);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else if (signal !== "SIGKILL")
        reject(new Error(`${file} exited with ${code ?? signal}:\n${output}`));
    });
  });
}

/** Deletes the keys an example leaves behind, so each check starts a fresh run instead of a deduplicated one. */
async function clearRedis(patterns) {
  const script = `
    import { Redis } from "ioredis";
    const redis = new Redis(${JSON.stringify(redisUrl.href)});
    for (const pattern of ${JSON.stringify(patterns)}) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
    }
    await redis.quit();`;
  await run(process.execPath, ["--input-type=module", "-e", script], { cwd: app });
}
