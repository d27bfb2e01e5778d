import { describe, expect, it, vi } from "vitest";
import { isWorkerError, WorkerError } from "../src/errors.js";

describe("WorkerError", () => {
  it("is recognised across two copies of its module, as in the shipped bundles", async () => {
    vi.resetModules();
    const copy = await import("../src/errors.js");
    expect(copy.WorkerError).not.toBe(WorkerError);

    const fromCopy = new copy.WorkerError("E_DB", "disk full");
    expect(fromCopy instanceof WorkerError).toBe(true);
    expect(isWorkerError(fromCopy, "E_DB")).toBe(true);
    expect(isWorkerError(fromCopy, "E_HTTP")).toBe(false);
    expect(new WorkerError("E_USAGE", "x") instanceof copy.WorkerError).toBe(
      true,
    );
  });

  it("does not take other errors or look-alikes for one", () => {
    const lookAlike = Object.assign(new Error("x"), {
      name: "WorkerError",
      code: "E_DB",
    });
    expect(lookAlike instanceof WorkerError).toBe(false);
    expect(isWorkerError(new Error("x"))).toBe(false);
    expect(isWorkerError(null)).toBe(false);
    expect(isWorkerError("E_DB")).toBe(false);
  });
});
