import { afterEach } from "vitest";
import {
  createServer,
  type IncomingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { createConsola, type ConsolaInstance } from "consola";
import {
  createFanslyClient,
  type FanslyClientOptions,
} from "../../src/fansly/client.js";
import type { RateLimiter } from "../../src/fansly/rate-limiter.js";
import type { FanslyApi } from "../../src/fansly/types.js";

export interface SeenRequest {
  /** The raw request target, exactly as it arrived (not decoded). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void;

export interface TestServer {
  readonly baseUrl: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1, port 0, under the `/api/v1` prefix. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const seen = { url: req.url ?? "", headers: req.headers };
    requests.push(seen);
    handler(seen, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `serve(handler)` starts a stub server for the test calling it; the server
 * is closed after each test of the file that called this at its top level.
 */
export function useStubServer(): (handler: Handler) => Promise<TestServer> {
  let current: TestServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (handler) => {
    current = await startServer(handler);
    return current;
  };
}

/** Query parameters decoded the way a server would decode them. */
export const queryOf = (url: string): URLSearchParams =>
  new URLSearchParams(url.slice(url.indexOf("?") + 1));

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export const ok = (response: unknown) => ({ success: true, response });

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = "text/html",
): void {
  res.writeHead(status, { "content-type": contentType });
  res.end(body);
}

export interface RecordingLimiter extends RateLimiter {
  readonly blocks: number[];
  /** The send times slowDown() was called with. */
  readonly slowDowns: number[];
  acquired: number;
}

/** A limiter that never waits and remembers every block() and slowDown(). */
export function recordingLimiter(): RecordingLimiter {
  const limiter: RecordingLimiter = {
    blocks: [],
    slowDowns: [],
    acquired: 0,
    acquire: async () => {
      limiter.acquired += 1;
      return 0;
    },
    block: (untilMs) => {
      limiter.blocks.push(untilMs);
    },
    slowDown: (sentAtMs) => {
      limiter.slowDowns.push(sentAtMs);
      return null;
    },
  };
  return limiter;
}

export interface CapturedLog {
  readonly log: ConsolaInstance;
  readonly lines: string[];
}

/** A debug-level logger whose lines (with their arguments joined) are kept. */
export function captureLog(onLine?: (line: string) => void): CapturedLog {
  const lines: string[] = [];
  const log = createConsola({
    level: 5,
    reporters: [
      {
        log: (entry) => {
          const line = entry.args.map(String).join(" ");
          lines.push(line);
          onLine?.(line);
        },
      },
    ],
  });
  return { log, lines };
}

export function testClient(
  baseUrl: string,
  overrides: Partial<FanslyClientOptions> = {},
): { api: FanslyApi; limiter: RecordingLimiter; lines: string[] } {
  const limiter = recordingLimiter();
  const { log, lines } = captureLog();
  const api = createFanslyClient({
    baseUrl,
    authToken: null,
    timeoutMs: 2_000,
    maxRetries: 2,
    concurrency: 2,
    limiter,
    log,
    userAgent: "fansly-workers-test",
    backoff: { baseMs: 1, capMs: 5, random: () => 0.5 },
    ...overrides,
  });
  return { api, limiter, lines };
}

/** A wire account with the fields a tracker reads. */
export function wireAccount(
  id: string,
  username: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    username,
    displayName: username.toUpperCase(),
    followCount: 10,
    subscriberCount: 2,
    postLikes: 30,
    accountMediaLikes: 40,
    createdAt: 1_642_139_471_000,
    timelineStats: {
      accountId: id,
      imageCount: 5,
      videoCount: 6,
      fetchedAt: 1,
    },
    ...extra,
  };
}

export function wireTag(
  id: string,
  tag: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    tag,
    description: "",
    viewCount: 1000,
    postCount: 10,
    flags: 0,
    createdAt: 1_647_252_672_000,
    ...extra,
  };
}
