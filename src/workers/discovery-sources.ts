import type { ConsolaInstance } from "consola";
import type { Db } from "../db/open.js";
import { createTagStore } from "../db/tag-store.js";
import type { RunApi } from "./run-api.js";

export interface SourceTag {
  id: string;
  name: string;
  /** null when Fansly did not say. */
  post_count: number | null;
}

/**
 * The source tags of a run: among the best-ranked live tags (a pool a few
 * times the batch), those used for discovery least recently, so discovery
 * walks across the popular tags instead of reading one over and over.
 */
export function pickSourceTags(
  db: Db,
  batch: number,
  exclude: ReadonlySet<string> = new Set(),
): SourceTag[] {
  const pool = Math.max(50, batch * 5);
  return db.sqlite
    .prepare(
      `select id, name, post_count from (
         select id, name, post_count, last_used_for_discovery, rank, view_count
         from tags
         where deleted_at is null
           and id not in (select value from json_each(?))
         order by rank is null, rank, view_count desc, name
         limit ?)
       order by last_used_for_discovery is not null, last_used_for_discovery,
         rank is null, rank, view_count desc, name
       limit ?`,
    )
    .all(JSON.stringify([...exclude]), pool, batch) as SourceTag[];
}

/** Looks up configured seed tags that are not tracked yet and stores them. */
export async function addMissingSeedTags(
  db: Db,
  client: RunApi,
  options: {
    seeds: readonly string[];
    now: () => number;
    log: ConsolaInstance;
  },
): Promise<number> {
  const known = db.sqlite.prepare(
    "select 1 from tags where name = ? collate nocase",
  );
  const missing = options.seeds.filter((name) => known.get(name) === undefined);
  const store = createTagStore(db);
  let added = 0;
  for (const name of missing) {
    const tag = await client.api.getTagByName(name, client.call);
    if (!tag) {
      options.log.warn(
        `seed tag '${name}' (FANSLY_SEED_TAGS) is not on Fansly; ignored`,
      );
      continue;
    }
    db.sqlite
      .transaction(() => store.observe(tag, options.now(), "seed"))
      .immediate();
    added += 1;
  }
  return added;
}
