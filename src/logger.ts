import { formatWithOptions } from "node:util";
import {
  createConsola,
  LogLevels,
  type ConsolaInstance,
  type ConsolaReporter,
  type LogObject,
} from "consola/core";
import type { LogFormat, LogLevelName } from "./config.js";

export type { ConsolaInstance as Logger } from "consola";

export interface LoggerOptions {
  readonly format: LogFormat | "auto";
  readonly level: LogLevelName;
  /** Where lines go; stderr so that stdout carries only data. */
  readonly stream?: NodeJS.WriteStream;
}

/**
 * Creates the process's logger. `pretty` is consola's own terminal output;
 * `plain` and `json` are one line per event with an ISO UTC time, because
 * consola's basic reporter writes no timestamp and folds repeated lines,
 * which is useless in a cron mail or a log file.
 */
export async function createLogger(
  options: LoggerOptions,
): Promise<ConsolaInstance> {
  const stream = options.stream ?? process.stderr;
  const format = resolveFormat(options.format, stream);
  const level = LogLevels[options.level];
  if (format === "pretty") {
    // consola's full entry builds its fancy terminal reporter on import,
    // which took about as long as Node's own start-up (DESIGN §11); only a
    // terminal needs it, so cron runs never load it.
    const pretty = await import("consola");
    return pretty.createConsola({ level, stdout: stream, stderr: stream });
  }
  return createConsola({
    level,
    throttle: 0,
    reporters: [createLineReporter(format, stream)],
  });
}

export function resolveFormat(
  format: LogFormat | "auto",
  stream: NodeJS.WriteStream,
): LogFormat {
  if (format !== "auto") return format;
  return stream.isTTY ? "pretty" : "plain";
}

/** Tags are `worker:runId` (see `runLogger`); split them back for the line. */
function splitTag(tag: string): { worker?: string; run?: string } {
  if (!tag) return {};
  const [worker, run] = tag.split(":");
  return { worker, run };
}

function createLineReporter(
  format: "plain" | "json",
  stream: NodeJS.WriteStream,
): ConsolaReporter {
  return {
    log(entry: LogObject) {
      const message = formatWithOptions(
        { colors: false, breakLength: Infinity },
        ...(entry.args as unknown[]),
      );
      const { worker, run } = splitTag(entry.tag);
      const time = entry.date.toISOString();
      const level = entry.type === "log" ? "info" : entry.type;
      if (format === "json") {
        const line = { time, level, worker, run, msg: message };
        stream.write(`${JSON.stringify(line)}\n`);
        return;
      }
      const scope = worker ? ` [${worker}${run ? ` run=${run}` : ""}]` : "";
      stream.write(`${time} ${level.toUpperCase()}${scope} ${message}\n`);
    },
  };
}

/** A logger scoped to one run: every line names the worker and the run id. */
export function runLogger(
  base: ConsolaInstance,
  worker: string,
  runId: number | string,
): ConsolaInstance {
  return base.withTag(worker).withTag(String(runId));
}
