import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import {
  currentOwner,
  formatOwner,
  isOwnerDeadHere,
  parseOwner,
  processStartTimeMs,
} from "../../src/scheduler/owner.js";

describe("formatOwner and parseOwner", () => {
  it("write host, pid, start time and token, and read them back", () => {
    const owner = currentOwner("tag-updater-1");

    const text = formatOwner(owner);

    expect(text).toBe(
      `${hostname()}|${process.pid}|${owner.startedAtMs}|tag-updater-1`,
    );
    expect(parseOwner(text)).toEqual(owner);
  });

  it("reads text that is not an owner as null", () => {
    expect(parseOwner("")).toBeNull();
    expect(parseOwner("host|123")).toBeNull();
  });
});

describe("isOwnerDeadHere", () => {
  it("keeps this process alive", () => {
    expect(isOwnerDeadHere(currentOwner("x"))).toBe(false);
  });

  it("calls a finished process dead", async () => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => child.on("close", resolve));

    expect(isOwnerDeadHere({ ...currentOwner("x"), pid: child.pid! })).toBe(
      true,
    );
  });

  it("calls a live pid dead when it started at another time (reused)", () => {
    const parent = processStartTimeMs(process.ppid);
    expect(parent).not.toBeNull();
    const owner = { ...currentOwner("x"), pid: process.ppid };

    expect(isOwnerDeadHere({ ...owner, startedAtMs: parent! })).toBe(false);
    expect(isOwnerDeadHere({ ...owner, startedAtMs: parent! - 60_000 })).toBe(
      true,
    );
    expect(isOwnerDeadHere({ ...currentOwner("x"), startedAtMs: 1_000 })).toBe(
      true,
    );
  });

  it("never judges an owner on another host", () => {
    expect(
      isOwnerDeadHere({
        ...currentOwner("x"),
        host: "elsewhere.example",
        pid: 1,
      }),
    ).toBe(false);
  });
});

describe("processStartTimeMs", () => {
  it("places this process's start within its uptime", () => {
    const started = processStartTimeMs(process.pid)!;
    const expected = Date.now() - process.uptime() * 1_000;

    expect(Math.abs(started - expected)).toBeLessThan(1_500);
  });

  it("gives null for a pid with no process", async () => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => child.on("close", resolve));

    expect(processStartTimeMs(child.pid!)).toBeNull();
  });
});
