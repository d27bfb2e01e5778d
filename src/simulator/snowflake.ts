import type { Rng } from "./prng.js";

/** Fansly's snowflake epoch (fansly-api.md §0.1): 2019-06-25T20:25:59Z. */
export const FANSLY_EPOCH_MS = 1_561_494_359_000;

const TIME_SHIFT = 22n;
const RANDOM_BITS = 1 << 22;

/** `((created_ms - epoch) << 22) | random_22_bits`, as a decimal string. */
export function mintSnowflake(createdMs: number, randomBits: number): string {
  if (!Number.isInteger(createdMs) || createdMs < FANSLY_EPOCH_MS) {
    throw new RangeError(
      `A snowflake needs an integer time after the Fansly epoch (got ${createdMs})`,
    );
  }
  const time = BigInt(createdMs - FANSLY_EPOCH_MS) << TIME_SHIFT;
  return (time | BigInt(randomBits & (RANDOM_BITS - 1))).toString();
}

/** The creation time (ms) encoded in a snowflake id. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> TIME_SHIFT) + FANSLY_EPOCH_MS;
}

/** Orders snowflake strings numerically; they can differ in length. */
export function compareSnowflakes(a: string, b: string): number {
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

export interface IdMinter {
  /** A fresh id for an object created at `createdMs`; never repeats. */
  mint(createdMs: number): string;
  /** Records ids minted elsewhere so they are never handed out again. */
  reserve(id: string): void;
}

export function createIdMinter(rng: Rng): IdMinter {
  const used = new Set<string>();

  return {
    mint(createdMs) {
      for (;;) {
        const id = mintSnowflake(createdMs, rng.int(0, RANDOM_BITS - 1));
        if (!used.has(id)) {
          used.add(id);
          return id;
        }
      }
    },
    reserve(id) {
      used.add(id);
    },
  };
}
