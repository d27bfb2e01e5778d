// Seeded randomness for the simulator. The dataset must be identical for the
// same seed on every machine, so nothing here may touch Math.random.

/** A deterministic random source (mulberry32 underneath). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform real in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy; the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
}

const UINT32_RANGE = 4_294_967_296;

export function createRng(seed: number): Rng {
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / UINT32_RANGE;
  };

  const int = (min: number, max: number): number =>
    min + Math.floor(next() * (max - min + 1));

  return {
    next,
    int,
    range: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => itemAt(items, int(0, items.length - 1)),
    shuffle: (items) => shuffleCopy(items, int),
  };
}

function shuffleCopy<T>(
  items: readonly T[],
  int: (min: number, max: number) => number,
): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = int(0, i);
    const held = itemAt(copy, i);
    copy[i] = itemAt(copy, j);
    copy[j] = held;
  }
  return copy;
}

/** Indexing that turns an out-of-range bug into an error instead of undefined. */
export function itemAt<T>(items: readonly T[], index: number): T {
  if (index < 0 || index >= items.length) {
    throw new RangeError(
      `Index ${index} is outside a list of ${items.length} items`,
    );
  }
  return items[index] as T;
}

/** FNV-1a, 32 bits: a cheap, stable hash for seeds and orderings. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A seed for one part of the dataset. Each part draws from its own stream, so
 * asking for more posts leaves the names and curves of tags and creators as
 * they were.
 */
export function deriveSeed(seed: number, label: string): number {
  return hash32(`${seed >>> 0}:${label}`);
}

/**
 * An integer from a Pareto tail cut off at max: most draws sit near min and a
 * few near max, like view counts on a real platform. Inverting the truncated
 * distribution (instead of clamping) keeps the top values distinct.
 */
export function paretoInt(
  rng: Rng,
  range: { readonly min: number; readonly max: number; readonly alpha: number },
): number {
  const { min, max, alpha } = range;
  const tailMass = 1 - (min / max) ** alpha;
  const draw = min / (1 - rng.next() * tailMass) ** (1 / alpha);
  return Math.round(Math.min(max, draw));
}

/** Draws indexes with probability proportional to their weight. */
export function createWeightedPicker(
  weights: readonly number[],
): (rng: Rng) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    total += Math.max(0, weight);
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError("Weighted pick needs a positive weight");

  return (rng) => {
    const target = rng.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (itemAt(cumulative, middle) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}
