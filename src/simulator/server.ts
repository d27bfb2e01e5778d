import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { asError } from "../errors.js";
import {
  answerRequest,
  jsonAnswer,
  type Answer,
  type EndpointLimits,
} from "./endpoints.js";
import { parseRequest, type Endpoint, type SimRequest } from "./request.js";
import type { SimState } from "./state.js";
import { errorEnvelope } from "./wire.js";

export interface RequestLogEntry {
  /** Real (wall-clock) Unix ms when the answer was sent. */
  readonly at: number;
  /** The request target as received: path and raw query. */
  readonly path: string;
  readonly status: number;
}

export interface RequestStats {
  total: number;
  readonly byEndpoint: Record<Endpoint, number>;
  /** The most recent MAX_LOGGED_REQUESTS requests, oldest first. */
  readonly log: RequestLogEntry[];
}

/** Bounds memory when `simulate` runs for days. */
export const MAX_LOGGED_REQUESTS = 10_000;

const FIXED_HEADERS = {
  "Cache-Control": "no-cache, no-store, must-revalidate",
  Pragma: "no-cache",
  Expires: "0",
  Server: "Fansly Api Gateway",
} as const;

const zeroCounts = (): Record<Endpoint, number> => ({
  tag: 0,
  suggestions: 0,
  accounts: 0,
  usernames: 0,
  other: 0,
});

export function createRequestStats(): RequestStats {
  return { total: 0, byEndpoint: zeroCounts(), log: [] };
}

/** Clears in place, so references tests hold stay live. */
export function resetRequestStats(stats: RequestStats): void {
  stats.total = 0;
  Object.assign(stats.byEndpoint, zeroCounts());
  stats.log.length = 0;
}

export interface ServerContext {
  readonly state: SimState;
  readonly limits: EndpointLimits;
  readonly stats: RequestStats;
}

/**
 * The single path every request takes. Fault injection (429, 5xx, resets,
 * slow or malformed answers) belongs between `answerFor` and `send`.
 */
export function handleRequest(
  context: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const target = req.url ?? "/";
  const request = parseRequest(req.method ?? "GET", target);
  const answer = answerFor(context, request);
  record(context.stats, request.endpoint, {
    at: Date.now(),
    path: target,
    status: answer.status,
  });
  send(res, answer);
}

function answerFor(context: ServerContext, request: SimRequest): Answer {
  try {
    return answerRequest(context.state, request, context.limits);
  } catch (error) {
    // A bug in the simulator must show up as a failed request, not a hang.
    return jsonAnswer(500, errorEnvelope(500, asError(error).message));
  }
}

function record(
  stats: RequestStats,
  endpoint: Endpoint,
  entry: RequestLogEntry,
): void {
  stats.total += 1;
  stats.byEndpoint[endpoint] += 1;
  stats.log.push(entry);
  if (stats.log.length > MAX_LOGGED_REQUESTS) stats.log.shift();
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, {
    ...FIXED_HEADERS,
    "Content-Type": answer.contentType,
    "Content-Length": Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

/** Starts listening; resolves with the server and the port it got. */
export async function listen(
  context: ServerContext,
  host: string,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => handleRequest(context, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { server, port: boundPort(server) };
}

function boundPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error(`Simulator is not on a TCP port (address: ${address})`);
  }
  return address.port;
}

/** Stops accepting and drops kept-alive sockets, so tests end promptly. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
  server.closeAllConnections();
  await closed;
}
