import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  asciiRenderer,
  createLiveVisualizer,
  createVisualizer,
  defaultColorScheme,
  flowchartRenderer,
  type WorkflowIR,
} from "@awaitly/visualize";

const ESC = String.fromCharCode(27);
const hasAnsi = (s: string) => s.includes(`${ESC}[`);
const here = dirname(fileURLToPath(import.meta.url));

const stdout = process.stdout as { isTTY?: boolean };
const ttyBefore = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
const setTTY = (value: boolean) =>
  Object.defineProperty(process.stdout, "isTTY", { value, configurable: true, writable: true });

afterEach(() => {
  if (ttyBefore) Object.defineProperty(process.stdout, "isTTY", ttyBefore);
  else delete stdout.isTTY;
  vi.unstubAllEnvs();
});

const run = () => {
  const viz = createVisualizer({ workflowName: "checkout", color: true });
  const w = { workflowId: "w" };
  viz.handleEvent({ type: "workflow_start", ...w, ts: 0 });
  viz.handleEvent({ type: "step_start", ...w, stepId: "a", name: "Fetch", ts: 1 });
  viz.handleEvent({ type: "step_success", ...w, stepId: "a", name: "Fetch", ts: 3, durationMs: 2 });
  viz.handleEvent({ type: "workflow_success", ...w, ts: 4, durationMs: 4 });
  return viz.getIR();
};
const renderers = [asciiRenderer(), flowchartRenderer()];
const render = (ir: WorkflowIR, color?: boolean) =>
  renderers.map((r) =>
    r.render(ir, {
      showTimings: true,
      showKeys: false,
      colors: defaultColorScheme,
      ...(color === undefined ? {} : { color }),
    }),
  );

describe("colour in the terminal renderers", () => {
  it("colours on a TTY and not when the output is piped", () => {
    const ir = run();
    vi.stubEnv("NO_COLOR", undefined);
    setTTY(true);
    for (const out of render(ir)) expect(hasAnsi(out)).toBe(true);
    setTTY(false);
    for (const out of render(ir)) expect(hasAnsi(out)).toBe(false);
  });

  it("never colours when NO_COLOR is set, even on a TTY; an empty NO_COLOR does not count", () => {
    const ir = run();
    setTTY(true);
    vi.stubEnv("NO_COLOR", "1");
    for (const out of render(ir)) expect(hasAnsi(out)).toBe(false);
    vi.stubEnv("NO_COLOR", "");
    for (const out of render(ir)) expect(hasAnsi(out)).toBe(true);
  });

  it("lets the color option override both ways", () => {
    const ir = run();
    setTTY(false);
    vi.stubEnv("NO_COLOR", "1");
    for (const out of render(ir, true)) expect(hasAnsi(out)).toBe(true);
    setTTY(true);
    vi.stubEnv("NO_COLOR", undefined);
    for (const out of render(ir, false)) expect(hasAnsi(out)).toBe(false);
  });

  it("createVisualizer decides once, from stdout and NO_COLOR, unless told", () => {
    vi.stubEnv("NO_COLOR", undefined);
    setTTY(true);
    const onTTY = createVisualizer();
    setTTY(false);
    const piped = createVisualizer();
    const forced = createVisualizer({ color: true });
    setTTY(true);
    vi.stubEnv("NO_COLOR", "1");
    const noColor = createVisualizer();
    const draw = (v: ReturnType<typeof createVisualizer>) => {
      v.handleEvent({ type: "workflow_start", workflowId: "w", ts: 0 });
      return [v.render(), v.renderAs("ascii"), v.renderAs("flowchart")];
    };
    for (const out of draw(onTTY)) expect(hasAnsi(out)).toBe(true);
    for (const out of draw(forced)) expect(hasAnsi(out)).toBe(true);
    for (const out of [...draw(piped), ...draw(noColor)]) expect(hasAnsi(out)).toBe(false);
  });

  it("the live view asks its own stream, not stdout", () => {
    vi.stubEnv("NO_COLOR", undefined);
    setTTY(true);
    const frames = (stream: { isTTY?: boolean }, color?: boolean) => {
      const writes: string[] = [];
      const live = createLiveVisualizer({
        stream: { ...stream, write: (c: string) => void writes.push(c), columns: 60 },
        ...(color === undefined ? {} : { color }),
      });
      live.start();
      live.handleEvent({ type: "workflow_start", workflowId: "w", ts: 0 });
      live.stop();
      // Cursor hide/show codes are not colour: look at the drawn frames only.
      return writes.filter((c) => c.includes("┌"));
    };
    expect(frames({ isTTY: true }).every(hasAnsi)).toBe(true);
    expect(frames({}).some(hasAnsi)).toBe(false);
    expect(frames({}, true).every(hasAnsi)).toBe(true);
    vi.stubEnv("NO_COLOR", "1");
    expect(frames({ isTTY: true }).some(hasAnsi)).toBe(false);
  });

  it("colours in a real terminal and not through a pipe", () => {
    const tsx = join(here, "../../../node_modules/.bin/tsx");
    const script = join(here, "tty/print-run.ts");
    const env = { ...process.env, NO_COLOR: "" };
    const node = [
      tsx,
      "--conditions=@awaitly/source",
      "--tsconfig",
      join(here, "../tsconfig.json"),
      script,
    ];
    const piped = execFileSync(node[0]!, node.slice(1), { env, encoding: "utf8" });
    expect(piped).toContain("✓ Fetch");
    expect(hasAnsi(piped)).toBe(false);
    if (!existsSync("/usr/bin/script"))
      throw new Error("needs util-linux `script` for a pseudo-terminal");
    const inTerminal = execFileSync(
      "/usr/bin/script",
      ["-qec", node.map((a) => `'${a}'`).join(" "), "/dev/null"],
      {
        env,
        encoding: "utf8",
      },
    );
    expect(inTerminal).toContain("Fetch");
    expect(hasAnsi(inTerminal)).toBe(true);
    const noColor = execFileSync(
      "/usr/bin/script",
      ["-qec", node.map((a) => `'${a}'`).join(" "), "/dev/null"],
      { env: { ...env, NO_COLOR: "1" }, encoding: "utf8" },
    );
    expect(noColor).toContain("✓ Fetch");
    expect(hasAnsi(noColor)).toBe(false);
  }, 90_000);
});
