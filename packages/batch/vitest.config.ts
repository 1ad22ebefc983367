import { awaitlyVitest } from "../../vitest.shared";

export default awaitlyVitest();
