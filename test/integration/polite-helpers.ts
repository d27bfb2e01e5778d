// Shared steps of the tests of how politely the CLI treats the API: tracking
// entities straight in the database, and reading what the simulator saw.

import type { RequestLogEntry } from "../../src/simulator/index.js";
import type { Harness } from "../helpers/cli.js";

/** Tracks simulator tags by name without asking the API; never checked. */
export async function trackTagsDirectly(
  h: Harness,
  names: readonly string[],
): Promise<void> {
  const db = await h.openDb();
  try {
    const insert = db.sqlite.prepare(
      "insert into tags (id, name, first_seen_at, source) values (?, ?, ?, 'manual')",
    );
    db.sqlite.transaction(() => {
      for (const name of names) {
        insert.run(h.sim.tag(name)!.id, name, h.sim.clock.now());
      }
    })();
  } finally {
    await db.close();
  }
}

/** Tracks simulator creators by id, as found at their last check. */
export async function trackCreatorsDirectly(
  h: Harness,
  ids: readonly string[],
): Promise<void> {
  const db = await h.openDb();
  try {
    const insert = db.sqlite.prepare(
      "insert into creators (id, username, first_seen_at, source) values (?, ?, ?, 'manual')",
    );
    db.sqlite.transaction(() => {
      for (const id of ids) {
        insert.run(id, h.sim.creator(id)!.username, h.sim.clock.now());
      }
    })();
  } finally {
    await db.close();
  }
}

/** Visible simulator tags with plain names, in dataset order. */
export const plainTags = (h: Harness, count: number): string[] =>
  h.sim.dataset.tags
    .map((tag) => h.sim.tag(tag.name)!)
    .filter((tag) => !tag.hidden && /^[a-z0-9]+$/.test(tag.name))
    .slice(0, count)
    .map((tag) => tag.name);

/** Visible simulator creators, in dataset order. */
export const visibleCreators = (h: Harness, count: number): string[] =>
  h.sim.dataset.creators
    .map((creator) => creator.id)
    .filter((id) => !h.sim.creator(id)!.hidden)
    .slice(0, count);

/**
 * Requests that arrived after a 429 but before `coolDownMs` had passed
 * since it; the simulator's own tolerance (5 ms) is allowed for.
 */
export function arrivalsDuringCoolDown(
  log: readonly RequestLogEntry[],
  coolDownMs: number,
): RequestLogEntry[] {
  const limited = log.filter((entry) => entry.status === 429);
  return log.filter((entry) =>
    limited.some(
      (hit) => entry.at > hit.at && entry.at < hit.at + coolDownMs - 5,
    ),
  );
}

/**
 * The rate margin for tests that share two cores with the rest of the suite:
 * a process descheduled for 30 ms between taking a slot and sending its
 * request would otherwise crowd the next window (README, FANSLY_RATE_MARGIN).
 */
export const BUSY_MACHINE_MARGIN = "100ms";
