import { awaitlyVitest } from "../../vitest.shared";

export default awaitlyVitest({
  test: {
    // One database, and the crash test spawns workers: keep files sequential on the shared cores.
    fileParallelism: false,
    testTimeout: 20_000,
  },
});
