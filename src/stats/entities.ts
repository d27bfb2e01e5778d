/**
 * Where ranks and trends find an entity's count and history. Every name here
 * is a fixed identifier from the schema, never user input, so the stats
 * modules may splice them into SQL text.
 */
export interface RankedEntity {
  /** Table holding the entities (`tags`, `creators`). */
  readonly table: "tags" | "creators";
  /** Display name, used to order entities that share a rank. */
  readonly nameColumn: "name" | "username";
  /** The counter that ranks and trends are computed from. */
  readonly countColumn: "view_count" | "followers";
  /** Append-only observations of the counter. */
  readonly historyTable: "tag_history" | "creator_history";
  /** The history table's reference to the entity. */
  readonly historyKey: "tag_id" | "creator_id";
}

/** Tags rank and trend by view count. */
export const TAG_ENTITY: RankedEntity = {
  table: "tags",
  nameColumn: "name",
  countColumn: "view_count",
  historyTable: "tag_history",
  historyKey: "tag_id",
};

/** Creators rank and trend by followers. */
export const CREATOR_ENTITY: RankedEntity = {
  table: "creators",
  nameColumn: "username",
  countColumn: "followers",
  historyTable: "creator_history",
  historyKey: "creator_id",
};

/**
 * The display order of a ranking: dense rank first, then name. Entities with
 * equal counts share a rank, and the name only decides which of them is
 * listed first; it never splits a rank. Unranked entities come last.
 */
export const rankOrderSql = (entity: RankedEntity): string =>
  `rank is null, rank asc, ${entity.nameColumn} collate nocase asc`;
