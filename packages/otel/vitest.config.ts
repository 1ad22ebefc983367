import { awaitlyVitest } from "../../vitest.shared";

// The memory test measures retained heap after forced collections.
export default awaitlyVitest({ test: { execArgv: ["--expose-gc"] } });
