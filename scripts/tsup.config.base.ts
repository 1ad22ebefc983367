import { defineConfig, type Options } from "tsup";

/**
 * The one build shape every @awaitly package shares: ESM + CJS with `.d.ts`/`.d.cts`,
 * dependencies left external so each package ships only its own code.
 */
export function awaitlyTsup(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
