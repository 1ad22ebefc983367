import { awaitlyTsup } from "../../scripts/tsup.config.base";

// Three entries: the package, the store contract suite (`@awaitly/persistence/contract`) and the
// `awaitly-drift-check` bin.
export default awaitlyTsup({
  entry: {
    index: "src/index.ts",
    contract: "src/contract/index.ts",
    "drift-check": "src/bin/drift-check.ts",
  },
});
