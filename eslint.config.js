import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/.turbo/**",
      "**/.bench/**",
      "**/.approver-*/**",
      "**/coverage/**",
      "docs/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: {
        console: "readonly",
        process: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        performance: "readonly",
        crypto: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
      },
    },
    rules: {
      // Typed error values (Result errors, early-exit markers, a step's own error) travel through
      // throw/reject between awaitly's layers on purpose; wrapping them in Error would lose their
      // types, and users' code receives them as Results, never as thrown values.
      "@typescript-eslint/only-throw-error": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/ban-ts-comment": [
        "error",
        { "ts-expect-error": "allow-with-description", "ts-ignore": true },
      ],
    },
  },
  {
    // Core's benchmarks and configs run on Node, so they live in a tsconfig of their own (core's
    // main one has no host types); the project service only finds a folder's tsconfig.json.
    files: ["packages/core/bench/**/*.ts", "packages/core/*.ts"],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: "./packages/core/tsconfig.node.json",
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Type tests declare values only to inspect their types.
    files: ["**/*.test-d.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
  {
    files: ["**/test/**", "**/bench/**", "examples/**", "scripts/**"],
    rules: {
      // Test doubles are written `async () => ok(x)` to match the AsyncResult dependencies they
      // stand in for; an `await` in each would be noise.
      "@typescript-eslint/require-await": "off",
      // `expect(store.method)` / `vi.spyOn` pass methods around without calling them.
      "@typescript-eslint/unbound-method": "off",
      // Tests reach into `any`-typed fixtures and JSON on purpose (no-explicit-any is off here too).
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
);
