import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import { createApiFromConfig } from "../../src/fansly/index.js";
import {
  captureLog,
  ok,
  sendJson,
  startServer,
  wireTag,
  type TestServer,
} from "./helpers.js";

let server: TestServer | undefined;
let db: Db | undefined;
let dir: string | undefined;

afterEach(async () => {
  await server?.close();
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = db = dir = undefined;
});

describe("createApiFromConfig", () => {
  it("wires the configured base URL, token, user agent and shared limiter", async () => {
    server = await startServer((_request, res) =>
      sendJson(
        res,
        200,
        ok({ mediaOfferSuggestionTag: wireTag("3", "wired") }),
      ),
    );
    dir = mkdtempSync(join(tmpdir(), "fansly-index-"));
    db = await openDb(join(dir, "index.db"));
    const config = loadConfig({
      env: {
        FANSLY_API_BASE: server.baseUrl,
        FANSLY_AUTH_TOKEN: "tok",
        FANSLY_RATE_LIMIT: "10/1s",
      },
    });
    const clock = createManualClock(1_700_000_000_000);
    const api = createApiFromConfig(config, db, captureLog().log, clock);

    expect((await api.getTagByName("wired"))?.id).toBe("3");
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: "tok",
      "user-agent": expect.stringContaining("fansly-workers"),
    });
    const cell = db.sqlite
      .prepare("SELECT tat FROM rate_limit WHERE id = 1")
      .get();
    // 10/1s with the defaults (no burst, a margin of 20 ms): one request per
    // 1020 ms / 10, so no 1 s window ever holds more than 10.
    expect(cell).toEqual({ tat: 1_700_000_000_102 });
  });

  it("uses no shared budget when the rate limit is off", async () => {
    server = await startServer((_request, res) => sendJson(res, 200, ok([])));
    dir = mkdtempSync(join(tmpdir(), "fansly-index-"));
    db = await openDb(join(dir, "index.db"));
    const config = loadConfig({
      env: { FANSLY_API_BASE: server.baseUrl, FANSLY_RATE_LIMIT: "off" },
    });
    const api = createApiFromConfig(
      config,
      db,
      captureLog().log,
      createManualClock(5),
    );

    expect(await api.getAccountByUsername("someone")).toBeNull();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    const cell = db.sqlite
      .prepare("SELECT tat FROM rate_limit WHERE id = 1")
      .get();
    expect(cell).toEqual({ tat: 0 });
  });
});
