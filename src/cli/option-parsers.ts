import { InvalidArgumentError } from "commander";

/**
 * A commander option parser for whole numbers of at least `min`; anything
 * else ("abc", "1.5", "1e3", "") is a usage error (exit 2).
 */
export const integer =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`must be an integer of at least ${min}`);
    }
    return n;
  };
