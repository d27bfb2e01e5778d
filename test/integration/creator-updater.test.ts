import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { createHarness, type Harness } from "../helpers/cli.js";
import { queryAll } from "./truth.js";

interface CreatorRow {
  id: string;
  username: string;
  display_name: string;
  followers: number;
  subscribers: number | null;
  media_likes: number | null;
  post_likes: number | null;
  image_count: number | null;
  video_count: number | null;
  misses: number;
  deleted_at: number | null;
}

const RECHECK_EVERY_RUN = {
  FANSLY_MISSES_BEFORE_DELETED: "2",
  FANSLY_REFRESH_AGE: "0",
  FANSLY_DELETED_RECHECK_AGE: "0",
};

describe("creator-updater against the simulator", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 31, tags: 60, creators: 40 });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Four lower-case usernames and one mixed-case one, as the dataset spells them. */
  const pickUsernames = (): string[] => {
    const all = h.sim.dataset.creators.map((c) => c.username);
    const mixed = all.find((u) => u !== u.toLowerCase());
    expect(mixed, "the dataset has a mixed-case username").toBeDefined();
    const plain = all.filter((u) => u === u.toLowerCase()).slice(0, 4);
    return [mixed!, ...plain];
  };

  const readCreators = () =>
    queryAll<CreatorRow>(h, "select * from creators order by id");

  const addCreators = async (usernames: string[]) => {
    const added = await h.cli([
      "creators",
      "add",
      ...usernames.map((u) => u.toLowerCase()),
    ]);
    expect(added.code, added.stderr).toBe(0);
  };

  it("stores the simulator's counters in batches of FANSLY_ACCOUNT_BATCH, one history row per observation", async () => {
    const usernames = pickUsernames();
    await addCreators(usernames);

    h.sim.clock.advance(3 * HOUR_MS);
    h.sim.resetRequests();
    const run = await h.cli(["creator-updater"], {
      FANSLY_ACCOUNT_BATCH: "2",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.accounts).toBe(
      Math.ceil(usernames.length / 2),
    );

    const rows = await readCreators();
    expect(rows.map((r) => r.username).sort()).toEqual([...usernames].sort());
    for (const row of rows) {
      const truth = h.sim.creator(row.id)!;
      expect(row).toMatchObject({
        username: truth.username,
        display_name: truth.displayName || truth.username,
        followers: truth.followers,
        subscribers: truth.subscribers,
        media_likes: truth.mediaLikes,
        post_likes: truth.postLikes,
        image_count: truth.imageCount,
        video_count: truth.videoCount,
        misses: 0,
        deleted_at: null,
      });
    }
    const history = await queryAll<{ creator_id: string; n: number }>(
      h,
      "select creator_id, count(*) as n from creator_history group by creator_id",
    );
    expect(history.map((r) => r.n)).toEqual(rows.map(() => 2));
  });

  it("marks a hidden creator deleted after the configured misses and restores it when it is back", async () => {
    const [username] = pickUsernames();
    await addCreators([username!]);
    const readOne = async () => (await readCreators())[0]!;

    h.sim.hideCreator(username!);
    h.sim.clock.advance(HOUR_MS);
    await h.cli(["creator-updater"], RECHECK_EVERY_RUN);
    expect(await readOne()).toMatchObject({ misses: 1, deleted_at: null });

    h.sim.clock.advance(HOUR_MS);
    await h.cli(["creator-updater"], RECHECK_EVERY_RUN);
    const deleted = await readOne();
    expect(deleted.misses).toBe(2);
    expect(deleted.deleted_at).not.toBeNull();

    h.sim.showCreator(username!);
    h.sim.clock.advance(HOUR_MS);
    const back = await h.cli(["creator-updater"], RECHECK_EVERY_RUN);
    expect(back.code, back.stderr).toBe(0);
    const restored = await readOne();
    expect(restored).toMatchObject({ misses: 0, deleted_at: null });
    expect(restored.followers).toBe(h.sim.creator(username!)!.followers);

    // Added, then restored: two observations; the misses left no rows.
    const history = await queryAll<{ n: number }>(
      h,
      "select count(*) as n from creator_history",
    );
    expect(history).toEqual([{ n: 2 }]);
  });

  it("refuses an unknown username with exit code 1 and a clear message", async () => {
    const result = await h.cli(["creators", "add", "nobody-by-this-name"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Fansly has no creator named 'nobody-by-this-name'",
    );
    expect(await readCreators()).toEqual([]);
  });
});
