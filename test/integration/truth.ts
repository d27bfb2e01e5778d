// Helpers for integration tests: read the database the CLI wrote, and compute
// what it should hold from the simulator's own dataset, independently of the
// code under test.

import type { Simulator, SimPost } from "../../src/simulator/index.js";
import type { Harness } from "../helpers/cli.js";

/** Runs one read-only query against the harness database and closes it again. */
export async function queryAll<T>(
  h: Harness,
  sql: string,
  ...params: unknown[]
): Promise<T[]> {
  const db = await h.openDb();
  try {
    return db.sqlite.prepare(sql).all(...params) as T[];
  } finally {
    await db.close();
  }
}

/** Names of visible tags with plain names, biggest feed first. */
export function plainVisibleTags(sim: Simulator): string[] {
  return sim.dataset.tags
    .filter((tag) => /^[a-z0-9]+$/.test(tag.name))
    .filter((tag) => !sim.tag(tag.name)!.hidden)
    .sort(
      (a, b) =>
        (sim.dataset.feeds.get(b.id)?.length ?? 0) -
          (sim.dataset.feeds.get(a.id)?.length ?? 0) ||
        a.name.localeCompare(b.name),
    )
    .map((tag) => tag.name);
}

/** The posts of one page of a tag's feed, straight from the dataset. */
export function feedPage(
  sim: Simulator,
  tagId: string,
  limit: number,
  offset: number,
): SimPost[] {
  const order = sim.dataset.feeds.get(tagId) ?? [];
  return order
    .slice(offset, offset + limit)
    .map((index) => sim.dataset.posts[index]!);
}

/** Ids of the tags a post shows now (hidden ones left out), each once. */
export function visibleTagIds(sim: Simulator, post: SimPost): string[] {
  const ids = post.tagIds.filter((id) => !sim.tagById(id)!.hidden);
  return [...new Set(ids)];
}

/**
 * Dense ranks by value, descending: equal values share a rank and the next
 * value gets the next integer. Written without SQL, as the reference.
 */
export function denseRanks(
  values: ReadonlyMap<string, number>,
): Map<string, number> {
  const distinct = [...new Set(values.values())].sort((a, b) => b - a);
  const rankOf = new Map(distinct.map((value, index) => [value, index + 1]));
  const ranks = new Map<string, number>();
  for (const [key, value] of values) ranks.set(key, rankOf.get(value)!);
  return ranks;
}

/** The shape of one worker in `status --json`. */
export interface StatusWorker {
  name: string;
  enabled: boolean;
  status: string;
  lastRun: string | null;
  nextRun: string | null;
  runCount: number;
  successCount: number;
  errorCount: number;
  lastError: string | null;
  intervalMs: number;
}

export interface StatusJson {
  overall: string;
  workers: StatusWorker[];
}
