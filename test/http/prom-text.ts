/** A deliberately strict reader of the Prometheus text format (0.0.4), for tests. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly help: ReadonlyMap<string, string>;
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/;
const COMMENT_LINE = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`);
const TYPES = ["counter", "gauge", "histogram", "summary", "untyped"];

/** Parses the text, throwing on the first line that breaks the format. */
export function parseExposition(text: string): Exposition {
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const comment = COMMENT_LINE.exec(line);
    if (comment) {
      const [, kind, name = "", rest = ""] = comment;
      if (kind === "TYPE" && !TYPES.includes(rest)) {
        throw new Error(`Unknown metric type in '${line}'`);
      }
      (kind === "HELP" ? help : types).set(name, rest);
      continue;
    }
    samples.push(parseSample(line));
  }
  for (const sample of samples) {
    const family = familyOf(sample.name, types);
    if (!help.has(family) || !types.has(family)) {
      throw new Error(`No HELP/TYPE lines for '${sample.name}'`);
    }
  }
  return { help, types, samples };
}

function parseSample(line: string): Sample {
  const match = SAMPLE_LINE.exec(line);
  if (!match) throw new Error(`Not a sample line: '${line}'`);
  const [, name = "", labelText = "", valueText = ""] = match;
  const value = parseValue(valueText);
  if (value === undefined) throw new Error(`Bad value in '${line}'`);
  return { name, labels: parseLabels(labelText, line), value };
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest !== "") {
    const match = LABEL.exec(rest);
    if (!match) throw new Error(`Bad labels in '${line}'`);
    const [whole, key = "", value = ""] = match;
    labels[key] = value;
    rest = rest.slice(whole.length);
  }
  return labels;
}

function parseValue(text: string): number | undefined {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** Histogram series carry suffixes; their HELP/TYPE name the family. */
function familyOf(name: string, types: ReadonlyMap<string, string>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.get(base) === "histogram") return base;
  }
  return name;
}

/** The value of the one sample with this name and exactly these labels. */
export function valueOf(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const found = exposition.samples.filter(
    (s) =>
      s.name === name &&
      JSON.stringify(Object.entries(s.labels).sort()) === wanted,
  );
  if (found.length > 1) throw new Error(`Several samples match ${name}`);
  return found[0]?.value;
}
