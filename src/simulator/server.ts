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
import type { Reply } from "./fault-answers.js";
import { parseRequest, type SimRequest } from "./request.js";
import type { SimState } from "./state.js";
import {
  recordRequest,
  type RequestLogEntry,
  type RequestStats,
} from "./stats.js";
import type { Traffic } from "./traffic.js";
import { errorEnvelope } from "./wire.js";

const FIXED_HEADERS = {
  "Cache-Control": "no-cache, no-store, must-revalidate",
  Pragma: "no-cache",
  Expires: "0",
  Server: "Fansly Api Gateway",
} as const;

export interface ServerContext {
  readonly state: SimState;
  readonly limits: EndpointLimits;
  readonly stats: RequestStats;
  readonly traffic: Traffic;
  /** Real Unix ms; the rate limit and the log run on it. */
  readonly realTime: () => number;
  /** Told about every request once it is logged, before it is answered. */
  readonly onRequest: (entry: RequestLogEntry) => void;
}

/**
 * The single path every request takes: the traffic policy decides (limit,
 * token, faults) at arrival, the request is logged, then the reply goes out.
 */
export function handleRequest(
  context: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const at = context.realTime();
  const target = req.url ?? "/";
  const request = parseRequest(req.method ?? "GET", target);
  const decision = context.traffic.decide({
    endpoint: request.endpoint,
    authorization: req.headers.authorization,
    at,
    real: () => answerFor(context, request),
  });
  const { reply } = decision;

  const entry: RequestLogEntry = {
    at,
    path: target,
    endpoint: request.endpoint,
    status: reply.kind === "answer" ? reply.answer.status : 0,
    violation: decision.violation,
    ...(decision.fault === undefined ? {} : { fault: decision.fault }),
  };
  recordRequest(context.stats, entry);
  context.onRequest(entry);
  deliver(req, res, reply);
}

function answerFor(context: ServerContext, request: SimRequest): Answer {
  try {
    return answerRequest(context.state, request, context.limits);
  } catch (error) {
    // A bug in the simulator must show up as a failed request, not a hang.
    return jsonAnswer(500, errorEnvelope(500, asError(error).message));
  }
}

function deliver(req: IncomingMessage, res: ServerResponse, reply: Reply) {
  switch (reply.kind) {
    case "reset":
      // An RST, not a FIN: clients see ECONNRESET, as from a dropped proxy.
      req.socket.resetAndDestroy();
      return;
    case "hang":
      // Nothing is sent; closeServer destroys the socket.
      return;
    case "answer":
      if (reply.delayMs <= 0) return send(res, reply.answer);
      sendLater(res, reply.answer, reply.delayMs);
  }
}

/** A real-time delay that dies with the socket, so close() never waits. */
function sendLater(res: ServerResponse, answer: Answer, delayMs: number) {
  const timer = setTimeout(() => send(res, answer), delayMs);
  timer.unref();
  res.once("close", () => clearTimeout(timer));
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    ...FIXED_HEADERS,
    ...(answer.contentType === undefined
      ? {}
      : { "Content-Type": answer.contentType }),
    "Content-Length": Buffer.byteLength(answer.body),
    ...answer.headers,
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

/**
 * Stops accepting and destroys every socket, idle, hung or waiting on a slow
 * answer alike, so closing never waits for a client.
 */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
  server.closeAllConnections();
  await closed;
}
