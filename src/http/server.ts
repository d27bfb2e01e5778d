import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { ConsolaInstance } from "consola";
import { WorkerError, asError } from "../errors.js";
import type { StatusView, WorkerStatusView } from "../scheduler/status.js";
import type { Metrics } from "./metrics.js";
import { createRouter, json, pathOf, type Reply } from "./routes.js";

export interface StatusServerOptions {
  /** Interface to bind, exactly; callers default to 127.0.0.1 to keep it private. */
  readonly host: string;
  /** 0 lets the system pick a free port. */
  readonly port: number;
  /** Reads the workers' state; called once per status or health request. */
  readonly status: () => StatusView;
  readonly metrics: Metrics;
  readonly log: ConsolaInstance;
  /**
   * Marks a live running worker as stuck for `/healthz`, for what only the
   * caller knows (a run past its time limit). @defaultValue none
   */
  readonly isStuck?: (worker: WorkerStatusView) => boolean;
}

export interface StatusServer {
  /** `http://<host>:<port>` with the port actually bound. */
  readonly url: string;
  readonly port: number;
  readonly address: AddressInfo;
  /** Stops listening, drops open and keep-alive connections, resolves once closed. */
  close(): Promise<void>;
}

/** Serves `/api/workers/status`, `/healthz` and `/metrics` on `node:http`. */
export async function startStatusServer(
  options: StatusServerOptions,
): Promise<StatusServer> {
  const route = createRouter(options);
  const { log } = options;
  const server = createServer((req, res) => {
    // respond() handles its own errors; this catch only guards the process
    // against a failure while writing the error reply itself.
    respond(route, log, req, res).catch((error: unknown) => {
      log.error(`status listener: ${asError(error).message}`);
      res.destroy();
    });
  });

  await listen(server, options.host, options.port);
  server.on("error", (error) => {
    log.error(`status listener: ${error.message}`);
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(address.address)}:${address.port}`,
    port: address.port,
    address,
    close: () => (closing ??= closeServer(server)),
  };
}

async function respond(
  route: ReturnType<typeof createRouter>,
  log: ConsolaInstance,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const method = req.method ?? "GET";
  const path = pathOf(req.url ?? "/");
  let reply: Reply;
  try {
    reply = await route(method, req.url ?? "/");
  } catch (error) {
    log.error(`${method} ${path} failed: ${asError(error).message}`);
    reply = json(500, { error: "internal error" });
  }

  send(res, reply, method === "HEAD");
  const took = Math.round(performance.now() - started);
  log.debug(`${method} ${path} → ${reply.status} in ${took}ms`);
}

function send(res: ServerResponse, reply: Reply, headOnly: boolean): void {
  res.writeHead(reply.status, {
    "content-type": reply.contentType,
    "content-length": Buffer.byteLength(reply.body),
    // Health and metrics describe this instant; a cached copy would mislead.
    "cache-control": "no-store",
    ...reply.headers,
  });
  res.end(headOnly ? undefined : reply.body);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new WorkerError(
          "E_CONFIG",
          `Cannot listen on ${host}:${port} (${error.code ?? error.message}); choose another --host or --port`,
          { cause: error },
        ),
      );
    };
    server.once("error", onError);
    server.listen({ host, port }, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // close() alone would wait for keep-alive sockets to time out.
    server.closeAllConnections();
  });
}

const urlHost = (address: string): string =>
  address.includes(":") ? `[${address}]` : address;
