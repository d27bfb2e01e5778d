import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/cli.js";
import {
  plainTags,
  trackCreatorsDirectly,
  trackTagsDirectly,
  visibleCreators,
  BUSY_MACHINE_MARGIN,
} from "./polite-helpers.js";
import { queryAll } from "./truth.js";

const TAGS = 100;
const CREATORS = 70;

describe("two processes on one database and one simulator limited to 10/1s", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 51, tags: 240, creators: 120 });
    await trackTagsDirectly(h, plainTags(h, TAGS));
    await trackCreatorsDirectly(h, visibleCreators(h, CREATORS));
    h.sim.setRateLimit({ requests: 10, perMs: 1_000 });
  });
  afterEach(async () => {
    await h.close();
  });

  it("never puts more than 10 requests into any 1 s window between them", async () => {
    // Both on the system clock: the shared limit compares times written by
    // one process with the other's, so their clocks must agree.
    const env = {
      FANSLY_WORKERS_NOW: "",
      FANSLY_RATE_LIMIT: "10/1s",
      FANSLY_RATE_MARGIN: BUSY_MACHINE_MARGIN,
      FANSLY_CONCURRENCY: "4",
    };

    // Different workers, so the leases let both run at once.
    const [cron, other] = await Promise.all([
      h.cli(["tag-updater"], env),
      h.cli(["creator-updater"], { ...env, FANSLY_ACCOUNT_BATCH: "1" }),
    ]);

    expect(cron.code, cron.stderr).toBe(0);
    expect(other.code, other.stderr).toBe(0);
    const { requests } = h.sim;
    const refused = requests.log.filter((entry) => entry.status !== 200);
    expect(refused, "answers other than 200").toEqual([]);
    expect(requests.total).toBe(TAGS + CREATORS);
    expect(requests.violations).toBe(0);
    expect(requests.maxInWindow(1_000)).toBeLessThanOrEqual(10);

    const span = (endpoint: string) => {
      const times = requests.log
        .filter((entry) => entry.endpoint === endpoint)
        .map((entry) => entry.at);
      return [Math.min(...times), Math.max(...times)] as const;
    };
    const [tagsFrom, tagsTo] = span("tag");
    const [accountsFrom, accountsTo] = span("accounts");
    const overlapMs =
      Math.min(tagsTo, accountsTo) - Math.max(tagsFrom, accountsFrom);
    expect(overlapMs).toBeGreaterThan(10_000);

    const unchecked = await queryAll<{ n: number }>(
      h,
      `select (select count(*) from tags where last_checked_at is null)
         + (select count(*) from creators where last_checked_at is null) as n`,
    );
    expect(unchecked).toEqual([{ n: 0 }]);
  });
});
