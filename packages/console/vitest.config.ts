import { awaitlyVitest } from "../../vitest.shared";

export default awaitlyVitest({
  test: {
    // One Redis and one Chromium: files run one after another on the shared cores.
    globalSetup: ["test/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
