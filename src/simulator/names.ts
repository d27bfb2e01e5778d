import type { Rng } from "./prng.js";

// prettier-ignore
const TAG_WORDS = [
  "cat", "play", "sun", "set", "vibes", "cos", "fun", "yoga", "fit", "art",
  "ink", "gym", "neon", "retro", "goth", "beach", "night", "dream", "soft",
  "wild", "red", "blue", "gold", "silk", "lace", "moon", "star", "boots",
  "cozy", "dance", "pink", "shy", "game", "girl", "boy", "alt", "punk",
  "latex", "tattoo", "outdoor", "asmr", "curvy", "petite", "lingerie", "feet",
  "cute", "kawaii", "anime", "summer", "winter", "morning", "pool", "sauna",
  "selfie", "vlog", "music", "guitar", "chef", "travel", "hike",
] as const;

// prettier-ignore
const SYLLABLES = [
  "lu", "na", "ro", "se", "mi", "ka", "vel", "ari", "zo", "ely", "ma", "ren",
  "tia", "sol", "dax", "ivy", "kai", "lee", "bel", "nor", "fae", "jin", "ora",
] as const;

/**
 * Names that broke real clients (fansly-api.md §4 L4/L5): `&` and `+` in the
 * query, spaces, `#`, `%`, non-ASCII and emoji. All lower-case, as Fansly
 * spells canonical tag names.
 */
export const AWKWARD_TAG_NAMES = [
  "r&b",
  "c++",
  "new york",
  "café",
  "c#",
  "100%",
  "🔥hot",
  "rock & roll",
  "été+hiver",
] as const;

/** Length of the one very long tag name the dataset carries. */
export const LONG_TAG_NAME_LENGTH = 200;

const LOCATIONS = ["", "", "Berlin", "Austin, TX", "Somewhere sunny", "🌙"];
const ABOUTS = ["", "Hi! New posts every week.", "Cosplay and chill ✨"];

/** Datasets smaller than this get only plain names. */
export const AWKWARD_NAMES_MIN_TAGS = 20;

/**
 * Builds unique lower-case tag names. With at least AWKWARD_NAMES_MIN_TAGS
 * tags, the first ones are AWKWARD_TAG_NAMES and then one 200-character name.
 */
export function createTagNamer(
  rng: Rng,
  tagCount: number,
): (index: number) => string {
  const used = new Set<string>();
  const withAwkward = tagCount >= AWKWARD_NAMES_MIN_TAGS;

  return (index) => {
    const fixed = withAwkward ? fixedTagName(index, rng) : undefined;
    const name = fixed ?? uniqueName(used, index, () => composeTagName(rng));
    used.add(name);
    return name;
  };
}

function fixedTagName(index: number, rng: Rng): string | undefined {
  if (index < AWKWARD_TAG_NAMES.length) return AWKWARD_TAG_NAMES[index];
  if (index > AWKWARD_TAG_NAMES.length) return undefined;
  let name = "";
  while (name.length < LONG_TAG_NAME_LENGTH) name += rng.pick(TAG_WORDS);
  return name.slice(0, LONG_TAG_NAME_LENGTH);
}

function composeTagName(rng: Rng): string {
  const first = rng.pick(TAG_WORDS);
  const roll = rng.next();
  if (roll < 0.25) return first;
  if (roll < 0.85) return first + rng.pick(TAG_WORDS);
  return first + rng.pick(SYLLABLES) + String(rng.int(1, 99));
}

function uniqueName(
  used: ReadonlySet<string>,
  index: number,
  compose: () => string,
): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = compose();
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
  // A small word list runs out of pairs. Composed names never end in
  // "_<digits>", and indexes are unique, so this suffix cannot collide.
  return `${compose()}_${index}`;
}

/**
 * Builds usernames unique without regard to case, some in mixed case, so the
 * case-insensitive username lookup is actually exercised.
 */
export function createUsernamer(rng: Rng): (index: number) => string {
  const used = new Set<string>();

  return (index) => {
    const name = uniqueName(used, index, () => composeUsername(rng));
    used.add(name.toLowerCase());
    return name;
  };
}

function composeUsername(rng: Rng): string {
  const first = capitalize(rng.pick(SYLLABLES) + rng.pick(SYLLABLES));
  const second = capitalize(rng.pick(SYLLABLES) + rng.pick(SYLLABLES));
  const roll = rng.next();
  if (roll < 0.4) return first + second;
  if (roll < 0.7) return `${first}_${second}`.toLowerCase();
  return first.toLowerCase() + String(rng.int(1, 999));
}

/** Empty for about a quarter of creators, as on the real site. */
export function displayNameFor(username: string, rng: Rng): string {
  if (rng.chance(0.25)) return "";
  const words = username.split(/_|(?=[A-Z])/).filter((word) => word !== "");
  const name = words.map(capitalize).join(" ");
  return rng.chance(0.2) ? `${name} ✨` : name;
}

export function aboutFor(rng: Rng): string {
  return rng.pick(ABOUTS);
}

export function locationFor(rng: Rng): string {
  return rng.pick(LOCATIONS);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
