import { expectTypeOf, it } from "vitest";
import { createWorkflow, ok, type AsyncResult } from "@awaitly/core";
import { createAutotelAdapter, createOtelEventHandler, type OtelEventHandler } from "@awaitly/otel";

const load = async (): AsyncResult<number, "E"> => ok(1);

it("plugs into any workflow's onEvent", () => {
  const otel = createOtelEventHandler();
  expectTypeOf(otel).toEqualTypeOf<OtelEventHandler>();
  createWorkflow({ load }, { onEvent: otel.handleEvent });
  createWorkflow(
    { load },
    { onEvent: createAutotelAdapter().handleEvent, createContext: () => ({ id: 1 }) },
  );
});
