import { describe, expect, it } from "vitest";
import { createWorkflow, err, ok } from "@awaitly/core";
import { createMockFn, createWorkflowHarness } from "@awaitly/testing";

describe("createMockFn", () => {
  it("returns queued results first, then the default, and records calls", async () => {
    const mock = createMockFn<number, "E">()
      .returns(ok(0))
      .returnsOnce(err("E"))
      .returnsOnce(ok(1));
    expect(await mock("a", 1)).toEqual(err("E"));
    expect(await mock()).toEqual(ok(1));
    expect(await mock()).toEqual(ok(0));
    expect(mock.getCalls()).toEqual([["a", 1], [], []]);
    expect(mock.getCallCount()).toBe(3);
  });

  it("returns the same default Result object every time and can replace it", async () => {
    const first = ok(1);
    const mock = createMockFn<number, never>().returns(first);
    expect(await mock()).toBe(first);
    expect(await mock()).toBe(first);
    mock.returns(ok(2));
    expect(await mock()).toEqual(ok(2));
  });

  it("throws synchronously, saying what to do, when unconfigured — and still records the call", () => {
    const mock = createMockFn<number, "E">();
    expect(() => mock("x")).toThrow(
      "Mock function called without configured return value: call .returns(result) or .returnsOnce(result) first",
    );
    expect(mock.getCalls()).toEqual([["x"]]);
  });

  it("reset clears the default, the queue and the calls", () => {
    const mock = createMockFn<number, "E">().returns(ok(0)).returnsOnce(ok(1));
    void mock();
    mock.reset();
    expect(mock.getCallCount()).toBe(0);
    expect(() => mock()).toThrow("Mock function called without configured return value");
  });

  it("getCalls returns a new outer array", () => {
    const mock = createMockFn<number, never>().returns(ok(0));
    void mock(1);
    const calls = mock.getCalls();
    calls.push(["tampered"]);
    expect(mock.getCalls()).toEqual([[1]]);
  });

  it("works as a dependency of a real workflow and of the harness", async () => {
    const load = createMockFn<string, "MISSING">()
      .returns(ok("loaded"))
      .returnsOnce(err("MISSING"));
    const workflow = createWorkflow({ load });
    expect(await workflow(async (step, deps) => step(() => deps.load("x")))).toEqual(
      err("MISSING"),
    );
    const harness = createWorkflowHarness({ load });
    expect(await harness.run(async (step, deps) => step(() => deps.load("y"), "load"))).toEqual(
      ok("loaded"),
    );
    expect(load.getCalls()).toEqual([["x"], ["y"]]);
  });

  it("becomes an UNEXPECTED_ERROR when an unconfigured mock runs inside a step", async () => {
    const load = createMockFn<string, "MISSING">();
    const harness = createWorkflowHarness({ load });
    const result = await harness.run(async (step, deps) => step(() => deps.load()));
    expect(result).toMatchObject({ ok: false, error: { type: "UNEXPECTED_ERROR" } });
  });
});
