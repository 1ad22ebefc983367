import { version } from "../../package.json";

/** @internal This package's version, reported as the instrumentation scope version. */
export const VERSION: string = version;
