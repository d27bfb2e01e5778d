export interface FetchInput {
  /** Full URLs, requested once each. */
  readonly urls: readonly string[];
  readonly concurrency: number;
}

/**
 * The throughput baseline: Node's global fetch, `concurrency` requests in
 * flight, each answer read and parsed as JSON as a client must.
 */
export async function fetchBaseline(input: FetchInput) {
  let next = 0;
  let ok = 0;
  const lane = async (): Promise<void> => {
    while (next < input.urls.length) {
      const url = input.urls[next]!;
      next += 1;
      const response = await fetch(url, {
        headers: { accept: "application/json" },
      });
      const body = (await response.json()) as unknown;
      if (response.ok && body !== null) ok += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: input.concurrency }, lane));
  const ms = performance.now() - started;
  return { ms, ok, itemsPerSecond: (ok * 1000) / ms };
}
