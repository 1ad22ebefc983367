import { isApprovalStateError, isApprovalValueError, type ApprovalStore } from "@awaitly/hitl";
import { createPostgresApprovalStore } from "@awaitly/persistence-postgres";
import { describe, expect, it } from "vitest";
import { usePostgres } from "./support/use-postgres";

const ctx = usePostgres();
const store = (): ApprovalStore => createPostgresApprovalStore(ctx.pool, { schema: ctx.schema });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("createPostgresApprovalStore", () => {
  it("of 20 concurrent deciders exactly one wins; the rest get ALREADY_DECIDED", async () => {
    const approvals = store();
    for (let round = 0; round < 5; round++) {
      const key = `refund:${round}`;
      await approvals.createApproval(key);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? approvals.grantApproval(key, { by: i }, { approvedBy: `u${i}` })
            : approvals.rejectApproval(key, `no ${i}`, { rejectedBy: `u${i}` }),
        ),
      );
      const won = outcomes.filter((o) => o.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === "rejected") {
          expect(isApprovalStateError(o.reason)).toBe(true);
          expect(o.reason).toMatchObject({ code: "ALREADY_DECIDED" });
        }
      }
      const final = await approvals.getApproval(key);
      expect(["approved", "rejected"]).toContain(final.status);
    }
  });

  it("records decisions, keeps them final and never reopens them", async () => {
    const approvals = store();
    await approvals.createApproval("a", { metadata: { runId: "r1" } });
    expect(await approvals.getApproval("a")).toStrictEqual({
      status: "pending",
      metadata: { runId: "r1" },
    });
    await approvals.grantApproval("a", { amount: 30 }, { approvedBy: "ana" });
    expect(await approvals.getApproval("a")).toMatchObject({
      status: "approved",
      value: { amount: 30 },
      approvedBy: "ana",
    });
    await approvals.createApproval("a");
    expect((await approvals.getApproval("a")).status).toBe("approved");
    expect(await refusal(approvals.cancelApproval("a"))).toMatchObject({ code: "ALREADY_DECIDED" });
    expect(await refusal(approvals.grantApproval("missing", 1))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await approvals.getApproval("missing")).toStrictEqual({ status: "not_found" });
  });

  it("expires by expiresAt: reads expired, refuses decisions, reopens on create", async () => {
    const approvals = store();
    await approvals.createApproval("e", { expiresAt: Date.now() - 1 });
    expect(await approvals.getApproval("e")).toMatchObject({ status: "expired" });
    expect(await refusal(approvals.grantApproval("e", 1))).toMatchObject({ code: "EXPIRED" });
    expect(await approvals.listPending()).not.toContain("e");
    await approvals.createApproval("e", { expiresAt: Date.now() + 60_000 });
    expect((await approvals.getApproval("e")).status).toBe("pending");
    await approvals.cancelApproval("e");
    expect(await approvals.getApproval("e")).toStrictEqual({ status: "not_found" });
  });

  it("lists pending keys by literal prefix in creation order", async () => {
    const approvals = store();
    for (const key of ["list:b", "list:a", "list%x", "other"]) await approvals.createApproval(key);
    expect(await approvals.listPending({ prefix: "list:" })).toStrictEqual(["list:b", "list:a"]);
    expect(await approvals.listPending({ prefix: "list%" })).toStrictEqual(["list%x"]);
  });

  it("refuses a value over maxValueBytes with a typed error and leaves the request pending", async () => {
    const approvals = createPostgresApprovalStore(ctx.pool, {
      schema: ctx.schema,
      maxValueBytes: 100,
    });
    await approvals.createApproval("big");
    const error = await refusal(approvals.grantApproval("big", "x".repeat(200)));
    expect(isApprovalValueError(error)).toBe(true);
    expect(error).toMatchObject({ reason: "too-large", maxBytes: 100, key: "big" });
    expect(await refusal(approvals.grantApproval("big", 10n))).toMatchObject({
      reason: "unserializable",
    });
    expect((await approvals.getApproval("big")).status).toBe("pending");
  });
});
