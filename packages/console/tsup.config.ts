import { awaitlyTsup } from "../../scripts/tsup.config.base";

export default awaitlyTsup();
