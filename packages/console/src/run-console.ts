import { RUN_STATUSES, type RunInfo, type RunStatus, type RunsFilter } from "@awaitly/bullmq";
import { renderToHTML } from "@awaitly/visualize";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import {
  DEFAULT_RUN_CONSOLE_OPTIONS,
  type ConsoleAction,
  type ConsoleQueue,
  type RunConsoleOptions,
} from "./console-options";
import { listPage, runPage } from "./page";
import { runToIR } from "./run-ir";

type ErrorBody = { ok: false; error: { type: string; message: string } };

const refuse = (res: Response, status: number, type: string, message: string): void => {
  res.status(status).json({ ok: false, error: { type, message } } satisfies ErrorBody);
};

// HTTP status of an action's typed error.
const STATUS_OF_ERROR: Readonly<Record<string, number>> = {
  RUN_NOT_FOUND: 404,
  STEP_NOT_FOUND: 400,
  SIGNAL_PAYLOAD_INVALID: 400,
};

const asError = (error: unknown): { type: string; message: string } => {
  const { type, message } = (error ?? {}) as { type?: unknown; message?: unknown };
  return {
    type: typeof type === "string" ? type : "ERROR",
    message: typeof message === "string" ? message : String(error),
  };
};

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

function filterOf(query: Request["query"]): RunsFilter {
  const status = text(query.status);
  if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) {
    throw new TypeError(`status must be one of ${RUN_STATUSES.join(", ")}, got ${status}`);
  }
  const time = (name: string): number | undefined => {
    const raw = text(query[name]);
    if (raw === undefined) return undefined;
    const ms = Number(raw);
    if (!Number.isFinite(ms)) throw new TypeError(`${name} must be epoch ms, got ${raw}`);
    return ms;
  };
  const limit = text(query.limit);
  return {
    status: status as RunStatus | undefined,
    errorType: text(query.errorType),
    parkedOn: text(query.parkedOn),
    since: time("since"),
    until: time("until"),
    cursor: text(query.cursor),
    limit: limit === undefined ? 50 : Number(limit),
  };
}

/**
 * An express router serving a web console for awaitly runs on BullMQ: the run list (filters, live
 * counts), each run's page (details, step timeline drawn by `@awaitly/visualize`) and its actions
 * (cancel, resume, retry from a step, signal), plus the JSON API the page uses. Every request goes
 * through `authorize`; a mutation must also carry the console's `x-awaitly-console` header and,
 * when the browser says where it comes from, come from the same origin.
 * @example
 * app.use("/runs", createRunConsole({ queues: [orders], authorize: (req) => isAdmin(req) }));
 */
export function createRunConsole(options: RunConsoleOptions): Router {
  const { queues, authorize } = options ?? ({} as RunConsoleOptions);
  if (!Array.isArray(queues) || queues.length === 0) {
    throw new TypeError(
      `createRunConsole: option "queues" must be a non-empty array of workflow queues, got ${typeof queues}`,
    );
  }
  if (typeof authorize !== "function" && authorize !== "allow-anonymous") {
    throw new TypeError(
      `createRunConsole: option "authorize" is required (a function deciding each request, or "allow-anonymous" to open the console to anyone who reaches it), got ${String(authorize)}`,
    );
  }
  const title = options.title ?? DEFAULT_RUN_CONSOLE_OPTIONS.title;
  const byName = new Map<string, ConsoleQueue>(
    (queues as readonly ConsoleQueue[]).map((q) => [q.name, q]),
  );
  const router = express.Router();

  const allowed = async (req: Request, action: ConsoleAction): Promise<boolean> =>
    authorize === "allow-anonymous" ? true : await authorize(req, action);

  // Cross-site requests: a mutation needs the console's custom header (no cross-site form can send
  // it; a cross-site fetch with it needs a CORS preflight nobody answers) and, when the browser
  // names its origin, the same host.
  const sameSite = (req: Request): string | undefined => {
    if (req.get("x-awaitly-console") !== "1") return "the x-awaitly-console header is missing";
    const site = req.get("sec-fetch-site");
    if (site !== undefined && site !== "same-origin") return `sec-fetch-site is ${site}`;
    const origin = req.get("origin");
    if (origin !== undefined && origin !== "null") {
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        return `origin ${origin} is not a URL`;
      }
      if (host !== req.get("host")) return `origin ${origin} is not this host`;
    } else if (origin === "null") return "origin is null";
    return undefined;
  };

  const queueOf = (req: Request, res: Response): ConsoleQueue | undefined => {
    const queue = byName.get(String(req.params.queue));
    if (queue === undefined)
      refuse(res, 404, "QUEUE_NOT_FOUND", `no queue ${String(req.params.queue)}`);
    return queue;
  };

  const guard =
    (action: (req: Request) => ConsoleAction, mutation: boolean) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (mutation) {
          const why = sameSite(req);
          if (why !== undefined) return refuse(res, 403, "CROSS_SITE_REFUSED", why);
        }
        if (!(await allowed(req, action(req)))) {
          return refuse(res, 403, "FORBIDDEN", "not authorized for this action");
        }
        next();
      } catch (error) {
        next(error);
      }
    };
  const read = guard((req) => ({ type: "read", queue: String(req.params.queue ?? "") }), false);

  const base = (req: Request) => req.baseUrl;

  router.get("/", read, (req, res) => {
    res.type("html").send(listPage(base(req), title, [...byName.keys()]));
  });
  router.get("/run/:queue/:runId", read, (req, res) => {
    if (queueOf(req, res) === undefined) return;
    res
      .type("html")
      .send(runPage(base(req), title, String(req.params.queue), String(req.params.runId)));
  });
  // The run a request names, answered with `send`, or a JSON 404 for an unknown queue or run.
  const withRun =
    (send: (res: Response, run: RunInfo<unknown, unknown, unknown>) => void) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const queue = queueOf(req, res);
        if (queue === undefined) return;
        const run = await queue.run(String(req.params.runId));
        if (run === undefined) {
          return refuse(res, 404, "RUN_NOT_FOUND", `no run ${String(req.params.runId)}`);
        }
        send(res, run);
      } catch (error) {
        next(error);
      }
    };
  router.get(
    "/run/:queue/:runId/timeline",
    read,
    withRun((res, run) => {
      res.type("html").send(renderToHTML(runToIR(run), { title: run.runId }));
    }),
  );

  router.get("/api/queues", read, (_req, res) => {
    res.json({ ok: true, value: [...byName.keys()] });
  });
  router.get("/api/:queue/counts", read, async (req, res, next) => {
    try {
      const queue = queueOf(req, res);
      if (queue !== undefined) res.json({ ok: true, value: await queue.counts() });
    } catch (error) {
      next(error);
    }
  });
  router.get("/api/:queue/runs", read, async (req, res, next) => {
    try {
      const queue = queueOf(req, res);
      if (queue === undefined) return;
      let filter: RunsFilter;
      try {
        filter = filterOf(req.query);
      } catch (error) {
        return refuse(res, 400, "BAD_FILTER", asError(error).message);
      }
      res.json({ ok: true, value: await queue.runs(filter) });
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        return refuse(res, 400, "BAD_FILTER", error.message);
      }
      next(error);
    }
  });
  router.get(
    "/api/:queue/runs/:runId",
    read,
    withRun((res, run) => {
      res.json({ ok: true, value: run });
    }),
  );

  const json = express.json({ limit: "256kb" });
  router.post(
    "/api/:queue/runs/:runId/:action",
    guard(
      (req) => ({
        type: String(req.params.action) as "cancel",
        queue: String(req.params.queue),
        runId: String(req.params.runId),
      }),
      true,
    ),
    json,
    async (req, res, next) => {
      try {
        const queue = queueOf(req, res);
        if (queue === undefined) return;
        const runId = String(req.params.runId);
        const body = (req.body ?? {}) as { fromStep?: unknown; name?: unknown; payload?: unknown };
        let result;
        switch (req.params.action) {
          case "cancel":
            result = await queue.cancel(runId);
            break;
          case "resume":
            result = await queue.resume(runId);
            break;
          case "retry":
            result = await queue.retry(runId, { fromStep: text(body.fromStep) });
            break;
          case "signal":
            if (text(body.name) === undefined) {
              return refuse(res, 400, "BAD_REQUEST", "signal needs a name");
            }
            result = await queue.signal(runId, String(body.name), body.payload);
            break;
          default:
            return refuse(res, 404, "UNKNOWN_ACTION", `no action ${String(req.params.action)}`);
        }
        if (result.ok) return res.json({ ok: true, value: result.value ?? null });
        const error = asError(result.error);
        refuse(res, STATUS_OF_ERROR[error.type] ?? 409, error.type, error.message);
      } catch (error) {
        next(error);
      }
    },
  );
  router.post(
    "/api/:queue/bulk",
    json,
    guard(
      (req) => ({
        type: "bulk",
        queue: String(req.params.queue),
        action: text((req.body as { action?: { type?: unknown } } | undefined)?.action?.type) ?? "",
      }),
      true,
    ),
    async (req, res, next) => {
      try {
        const queue = queueOf(req, res);
        if (queue === undefined) return;
        const body = (req.body ?? {}) as { filter?: RunsFilter; action?: { type?: string } };
        if (body.action === undefined)
          return refuse(res, 400, "BAD_REQUEST", "bulk needs an action");
        const outcomes = await queue.bulk(body.filter ?? {}, body.action as never);
        res.json({ ok: true, value: outcomes });
      } catch (error) {
        next(error);
      }
    },
  );
  // Errors answer JSON, never express's HTML page.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    refuse(res, 500, "INTERNAL", asError(error).message);
  });
  return router;
}
