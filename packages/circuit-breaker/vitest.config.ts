import { awaitlyVitest } from "../../vitest.shared";

// The memory test measures retained heap after a forced collection.
export default awaitlyVitest({ test: { execArgv: ["--expose-gc"] } });
