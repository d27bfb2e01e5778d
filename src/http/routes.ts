import { evaluateHealth } from "../scheduler/health.js";
import { statusToJson } from "../scheduler/status-json.js";
import type { StatusView, WorkerStatusView } from "../scheduler/status.js";
import type { Metrics } from "./metrics.js";

/** A complete response, built before anything is written to the socket. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteSources {
  readonly status: () => StatusView;
  readonly metrics: Metrics;
  readonly isStuck?: (worker: WorkerStatusView) => boolean;
}

type Handler = () => Reply | Promise<Reply>;

/** Every path is read-only; HEAD is GET without the body. */
const ALLOWED_METHODS: readonly string[] = ["GET", "HEAD"];

export const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: "application/json; charset=utf-8",
  body: `${JSON.stringify(value)}\n`,
});

export function createRouter(
  sources: RouteSources,
): (method: string, url: string) => Promise<Reply> {
  const routes = new Map<string, Handler>([
    ["/api/workers/status", () => json(200, statusToJson(sources.status()))],
    ["/healthz", () => healthReply(sources)],
    ["/metrics", () => metricsReply(sources.metrics)],
  ]);

  return async (method, url) => {
    const handler = routes.get(pathOf(url));
    if (!handler) return json(404, { error: "not found" });
    if (!ALLOWED_METHODS.includes(method)) {
      return {
        ...json(405, { error: "method not allowed" }),
        headers: { allow: ALLOWED_METHODS.join(", ") },
      };
    }
    return handler();
  };
}

/** The query string never selects anything, so it is dropped. */
export const pathOf = (url: string): string => url.split("?", 1)[0] ?? url;

/**
 * Failing runs are left out here: a supervisor restarting `serve` cannot fix
 * an unreachable API, while overdue or stuck workers may need exactly that.
 * `status --check` reports failures too.
 */
function healthReply(sources: RouteSources): Reply {
  const report = evaluateHealth(sources.status(), {
    failingAfter: null,
    isStuck: sources.isStuck,
  });
  return report.healthy
    ? json(200, { status: "ok" })
    : json(503, { status: "unhealthy", problems: report.problems });
}

async function metricsReply(metrics: Metrics): Promise<Reply> {
  const { contentType, body } = await metrics.render();
  return { status: 200, contentType, body };
}
