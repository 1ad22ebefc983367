import { awaitlyTsup } from "../../scripts/tsup.config.base";

// Two entries: the package, and the store contract suite (`@awaitly/persistence/contract`).
export default awaitlyTsup({ entry: { index: "src/index.ts", contract: "src/contract/index.ts" } });
