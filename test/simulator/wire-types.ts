// What the tests read back from the simulator, typed by hand from
// fansly-api.md §1–2 so a shape change in the server fails a test.

export interface WireTag {
  id: string;
  tag: string;
  description: string;
  viewCount: number;
  postCount: number;
  flags: number;
  createdAt: number;
}

export interface WireAccount {
  id: string;
  username: string;
  displayName: string;
  flags: number;
  version: number;
  createdAt: number;
  followCount: number;
  subscriberCount: number;
  postLikes: number;
  accountMediaLikes: number;
  lastSeenAt: number;
  timelineStats: {
    accountId: string;
    imageCount: number;
    videoCount: number;
    fetchedAt: number;
  };
  [field: string]: unknown;
}

export interface WirePost {
  id: string;
  accountId: string;
  createdAt: number;
  replyCount?: number;
  attachments: { postId: string; contentId: string }[];
  [field: string]: unknown;
}

export interface WireSuggestion {
  id: string;
  correlationId: string;
  mediaOfferId: string;
  mediaType: number;
  postTags: WireTag[];
}

export interface WireSuggestions {
  mediaOfferSuggestions: WireSuggestion[];
  aggregationData: {
    accounts: WireAccount[];
    accountMedia: { id: string; accountId: string }[];
    accountMediaBundles: unknown[];
    posts: WirePost[];
    tips: unknown[];
    tipGoals: unknown[];
    stories: unknown[];
  };
}

export interface Envelope<T> {
  success: boolean;
  response: T;
}

export interface Fetched<T> {
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  json: () => T;
}

/** One GET; the body is kept as text so non-JSON answers can be checked too. */
export async function get<T>(
  url: string,
  init?: RequestInit,
): Promise<Fetched<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    contentType: res.headers.get("content-type"),
    text,
    json: () => JSON.parse(text) as T,
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
