import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) =>
  readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

/** Lines that are neither blank nor comments. */
const activeLines = (text: string) =>
  text.split("\n").filter((line) => line.trim() && !line.startsWith("#"));

describe("the scheduling examples shipped beside the code", () => {
  it("recommend `cycle --if-due` every few minutes in crontab.example", () => {
    const jobs = activeLines(read("crontab.example")).filter((line) =>
      /^[*\d]/.test(line),
    );

    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatch(
      /^\*\/\d+ \* \* \* \* .*fansly-workers cycle --if-due(\s|$)/,
    );
    // The linked command, which gets SIGTERM; npx would not pass it on.
    expect(jobs[0]).not.toMatch(/npx/);
  });

  it("pair a systemd timer with a oneshot service running `cycle --if-due`", () => {
    const timer = read("systemd/fansly-workers-cycle.timer");
    const service = read("systemd/fansly-workers-cycle.service");

    expect(timer).toMatch(/^\[Timer\]$/m);
    // Persistent= only has an effect with a calendar schedule.
    expect(timer).toMatch(/^OnCalendar=\*:0\/\d+$/m);
    expect(timer).toMatch(/^Persistent=true$/m);
    expect(service).toMatch(/^Type=oneshot$/m);
    expect(service).toMatch(/^ExecStart=\/.*fansly-workers cycle --if-due$/m);
  });
});
