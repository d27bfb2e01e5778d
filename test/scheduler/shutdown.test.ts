import { createConsola, LogLevels } from "consola";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isWorkerError } from "../../src/errors.js";
import {
  exitCodeForSignal,
  onShutdown,
  type Shutdown,
} from "../../src/scheduler/shutdown.js";

type Handler = (signal: NodeJS.Signals) => void;

/**
 * Installs the handlers and hands back the one registered for SIGTERM, so a
 * test can deliver a signal without sending a real one to the test process.
 */
function install(): { shutdown: Shutdown; deliver: Handler; logged: string[] } {
  const logged: string[] = [];
  const log = createConsola({
    level: LogLevels.info,
    reporters: [{ log: (entry) => logged.push(String(entry.args[0])) }],
  });
  const on = vi.spyOn(process, "on");
  const shutdown = onShutdown(log);
  const call = on.mock.calls.find(([event]) => event === "SIGTERM");
  on.mockRestore();
  return { shutdown, deliver: call![1] as Handler, logged };
}

describe("onShutdown", () => {
  let shutdown: Shutdown | undefined;

  afterEach(() => {
    shutdown?.dispose();
    shutdown = undefined;
    vi.restoreAllMocks();
  });

  it("aborts the root signal at the first signal and remembers which one", () => {
    const installed = install();
    shutdown = installed.shutdown;

    installed.deliver("SIGTERM");

    expect(shutdown.signal.aborted).toBe(true);
    expect(shutdown.received()).toBe("SIGTERM");
    const reason: unknown = shutdown.signal.reason;
    expect(isWorkerError(reason, "E_ABORTED")).toBe(true);
    expect((reason as Error).message).toBe("Stopped by SIGTERM");
    expect(installed.logged).toEqual([
      "SIGTERM received; finishing in-flight items (repeat to force)",
    ]);
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("exits at once with the code of a second %s", (second, code) => {
    const installed = install();
    shutdown = installed.shutdown;
    const exit = vi
      .spyOn(process, "exit")
      .mockImplementation((() => undefined) as () => never);

    installed.deliver("SIGTERM");
    expect(exit).not.toHaveBeenCalled();
    installed.deliver(second);

    expect(exit).toHaveBeenCalledExactlyOnceWith(code);
    expect(installed.logged[1]).toBe(
      `${second} again; exiting without cleanup`,
    );
  });

  it("removes its handlers on dispose, so the process can exit on its own", () => {
    const before = {
      SIGINT: process.listenerCount("SIGINT"),
      SIGTERM: process.listenerCount("SIGTERM"),
    };
    const installed = install();
    expect(process.listenerCount("SIGINT")).toBe(before.SIGINT + 1);
    expect(process.listenerCount("SIGTERM")).toBe(before.SIGTERM + 1);

    installed.shutdown.dispose();

    expect(process.listenerCount("SIGINT")).toBe(before.SIGINT);
    expect(process.listenerCount("SIGTERM")).toBe(before.SIGTERM);
  });
});

describe("exitCodeForSignal", () => {
  it("gives 130 for SIGINT and 143 for SIGTERM", () => {
    expect(exitCodeForSignal("SIGINT")).toBe(130);
    expect(exitCodeForSignal("SIGTERM")).toBe(143);
  });
});
