import { WorkerError } from "../../errors.js";
import {
  CREATOR_ENTITY,
  TAG_ENTITY,
  type RankedEntity,
} from "../../stats/entities.js";

/** What the reports can list: tags by views, creators by followers. */
export type ReportKind = "tag" | "creator";

/** The words a report prints for a kind, and where its data lives. */
export interface KindInfo {
  readonly kind: ReportKind;
  readonly entity: RankedEntity;
  /** The ranked counter, as a column head: `views`, `followers`. */
  readonly countLabel: string;
  /** The other counter reports show: `posts`, `likes` (media plus post likes). */
  readonly secondaryLabel: string;
}

export const KINDS: Readonly<Record<ReportKind, KindInfo>> = {
  tag: {
    kind: "tag",
    entity: TAG_ENTITY,
    countLabel: "views",
    secondaryLabel: "posts",
  },
  creator: {
    kind: "creator",
    entity: CREATOR_ENTITY,
    countLabel: "followers",
    secondaryLabel: "likes",
  },
};

/**
 * `tags`/`creators` (or the singular) as typed by a user; anything else is
 * a usage error (exit 2) naming the command.
 */
export function parseKind(command: string, value: string): KindInfo {
  const word = value.trim().toLowerCase().replace(/s$/, "");
  if (word === "tag" || word === "creator") return KINDS[word];
  throw new WorkerError(
    "E_USAGE",
    `${command} takes 'tags' or 'creators' (got '${value}')`,
  );
}

/** A name as people type it: `#cosplay`, `@someone`, with stray spaces. */
export const cleanName = (raw: string): string =>
  raw.trim().replace(/^[#@]/, "");

/** Unix ms as ISO UTC text for JSON and CSV; null stays null. */
export const isoTime = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();
