import { awaitlyVitest } from "../../vitest.shared";

export default awaitlyVitest({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    // One Redis, and the crash tests spawn workers: keep files sequential on the shared cores.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});
