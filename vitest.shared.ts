import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";

// Tests resolve sibling packages to their TypeScript source, so they never wait on a build.
// No "import"/"module": Vite adds "import" per import kind; forcing them would hand CommonJS
// `require`s ESM builds (express's router → is-promise) and load bundler-only builds
// (@opentelemetry/api's extensionless ESM) in Node.
const conditions = ["@awaitly/source", "node", "default"];

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
