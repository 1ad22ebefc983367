import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";

// Tests resolve sibling packages to their TypeScript source, so they never wait on a build.
// No explicit "import": Vite adds it per import kind, and forcing it would make CommonJS
// dependencies (express's router → is-promise) `require` ESM builds.
const conditions = ["@awaitly/source", "module", "node", "default"];

/** The Vitest shape every package shares; pass overrides for package-specific needs. */
export function awaitlyVitest(overrides: ViteUserConfig = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: ["@awaitly/source"] } },
      test: {
        include: ["test/**/*.test.ts"],
        typecheck: {
          enabled: true,
          include: ["test/**/*.test-d.ts"],
          tsconfig: "./tsconfig.json",
        },
        restoreMocks: true,
        unstubGlobals: true,
      },
    }),
    overrides,
  );
}
