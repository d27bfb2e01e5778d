// The JSON objects of fansly-api.md §1–2, field for field. Units differ per
// field on the real API (§0.1) and are kept exactly: tags and accounts in ms,
// posts and media objects in seconds.

import type { SimCreator, SimPost } from "./model.js";
import type { SimCreatorView, SimTagView } from "./state.js";

export type Json =
  | string
  | number
  | boolean
  | null
  | readonly Json[]
  | { readonly [key: string]: Json };

export type JsonObject = { readonly [key: string]: Json };

export const successEnvelope = (response: Json): JsonObject => ({
  success: true,
  response,
});

export const errorEnvelope = (code: number, details: string): JsonObject => ({
  success: false,
  error: { code, details },
});

const toSeconds = (ms: number): number => Math.floor(ms / 1_000);

export function tagJson(view: SimTagView): JsonObject {
  return {
    id: view.id,
    tag: view.name,
    description: "",
    viewCount: view.viewCount,
    postCount: view.postCount,
    flags: 0,
    createdAt: view.createdAt,
  };
}

export function accountJson(
  creator: SimCreator,
  view: SimCreatorView,
  nowMs: number,
): JsonObject {
  return {
    id: creator.id,
    username: creator.username,
    displayName: creator.displayName,
    flags: 18,
    version: creator.version,
    createdAt: creator.createdAt,
    followCount: view.followers,
    subscriberCount: view.subscribers,
    permissions: { accountPermissionFlags: { flags: 2 } },
    profileAccessFlags: 0,
    profileFlags: 0,
    about: creator.about,
    location: creator.location,
    profileSocials: [],
    timelineStats: timelineStatsJson(creator, view),
    statusId: 1,
    lastSeenAt: lastSeenAt(creator, nowMs),
    postLikes: view.postLikes,
    accountMediaLikes: view.mediaLikes,
  };
}

function timelineStatsJson(
  creator: SimCreator,
  view: SimCreatorView,
): JsonObject {
  return {
    accountId: creator.id,
    imageCount: view.imageCount,
    videoCount: view.videoCount,
    bundleCount: creator.bundles,
    bundleImageCount: creator.bundles * 4,
    bundleVideoCount: Math.floor(creator.bundles / 2),
    fetchedAt: view.timelineFetchedAt,
  };
}

function lastSeenAt(creator: SimCreator, nowMs: number): number {
  if (creator.lastSeenLagMs === null) return 0;
  return Math.max(creator.createdAt, nowMs - creator.lastSeenLagMs);
}

/** A post of `aggregationData.posts`; `replyCount` is omitted when 0. */
export function postJson(
  post: SimPost,
  captionTags: readonly string[],
): JsonObject {
  const replies: JsonObject =
    post.replyCount > 0 ? { replyCount: post.replyCount } : {};
  return {
    id: post.id,
    accountId: post.accountId,
    content: captionTags.map((name) => `#${name}`).join(" "),
    fypFlags: 2,
    inReplyTo: null,
    inReplyToRoot: null,
    replyPermissionFlags: null,
    createdAt: toSeconds(post.createdAt),
    expiresAt: null,
    attachments: [
      { postId: post.id, pos: 0, contentType: 1, contentId: post.mediaOfferId },
    ],
    likeCount: post.likeCount,
    ...replies,
    wallIds: [],
    mediaLikeCount: post.mediaLikeCount,
    totalTipAmount: 0,
    attachmentTipAmount: 0,
    accountMentions: [],
  };
}

export function suggestionJson(
  post: SimPost,
  postTags: readonly JsonObject[],
): JsonObject {
  return {
    id: post.suggestionId,
    correlationId: post.id,
    mediaOfferId: post.mediaOfferId,
    mediaType: post.mediaType,
    postTags,
  };
}

export function accountMediaJson(post: SimPost): JsonObject {
  const video = post.mediaType === 2;
  const media: JsonObject = {
    id: post.mediaId,
    type: post.mediaType,
    status: 1,
    accountId: post.accountId,
    mimetype: video ? "video/mp4" : "image/jpeg",
    flags: 0,
    width: video ? 720 : 1080,
    height: video ? 1280 : 1350,
    ...(video ? { metadata: '{"duration":31.5}' } : {}),
    createdAt: toSeconds(post.mediaCreatedAt),
    updatedAt: toSeconds(post.mediaCreatedAt) + 10,
    variants: [],
    variantHash: {},
    locations: [],
  };
  return {
    id: post.mediaOfferId,
    accountId: post.accountId,
    likeCount: post.mediaLikeCount,
    media,
  };
}
