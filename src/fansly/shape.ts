import { WorkerError } from "../errors.js";

// Small readers for untrusted JSON. Each one names the endpoint and the field
// path in its error, so a changed API shows up as one precise E_SHAPE message
// instead of a TypeError somewhere in a worker.

/** Where a value sits in an answer: `GET /account` and `response[3].followCount`. */
export interface Where {
  readonly endpoint: string;
  readonly path: string;
}

export type WireObject = Readonly<Record<string, unknown>>;

const ID_PATTERN = /^\d{1,20}$/;
const MAX_ECHO_CHARS = 60;

export const isWireObject = (value: unknown): value is WireObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The path of a child value: a property name or an array index. */
export function at(where: Where, key: string | number): Where {
  if (typeof key === "number") {
    return { endpoint: where.endpoint, path: `${where.path}[${key}]` };
  }
  const path = where.path === "" ? key : `${where.path}.${key}`;
  return { endpoint: where.endpoint, path };
}

function echo(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > MAX_ECHO_CHARS
    ? `${text.slice(0, MAX_ECHO_CHARS - 3)}...`
    : text;
}

export function shapeError(
  where: Where,
  expected: string,
  value: unknown,
): WorkerError {
  return new WorkerError(
    "E_SHAPE",
    `${where.endpoint}: ${where.path} must be ${expected} (got ${echo(value)})`,
  );
}

export function asObject(value: unknown, where: Where): WireObject {
  if (!isWireObject(value)) throw shapeError(where, "an object", value);
  return value;
}

export function readObject(
  record: WireObject,
  key: string,
  where: Where,
): WireObject {
  return asObject(record[key], at(where, key));
}

/** A nested object Fansly may leave out or send as null. */
export function readOptionalObject(
  record: WireObject,
  key: string,
  where: Where,
): WireObject | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  return asObject(value, at(where, key));
}

/**
 * The items of an array with the path of each; a missing or null array reads
 * as empty, because Fansly omits empty lists on some pages.
 */
export function readItems(
  record: WireObject,
  key: string,
  where: Where,
): Array<readonly [unknown, Where]> {
  const value = record[key];
  const path = at(where, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw shapeError(path, "an array", value);
  return value.map((item: unknown, index) => [item, at(path, index)] as const);
}

/** A snowflake id: a string of digits, never a JSON number (ids pass 2^53). */
export function readId(record: WireObject, key: string, where: Where): string {
  const value = record[key];
  if (typeof value === "string" && ID_PATTERN.test(value)) return value;
  throw shapeError(at(where, key), "an id string of digits", value);
}

export function readOptionalId(
  record: WireObject,
  key: string,
  where: Where,
): string | null {
  const value = record[key];
  return value === undefined || value === null
    ? null
    : readId(record, key, where);
}

export function readName(
  record: WireObject,
  key: string,
  where: Where,
): string {
  const value = record[key];
  if (typeof value === "string" && value.length > 0) return value;
  throw shapeError(at(where, key), "a non-empty string", value);
}

export function readOptionalString(
  record: WireObject,
  key: string,
  where: Where,
): string | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  throw shapeError(at(where, key), "a string", value);
}

export function readInteger(
  record: WireObject,
  key: string,
  where: Where,
): number {
  const value = record[key];
  if (Number.isSafeInteger(value)) return value as number;
  throw shapeError(at(where, key), "an integer", value);
}

/** A counter Fansly may omit: absent means unknown (null), never zero. */
export function readOptionalInteger(
  record: WireObject,
  key: string,
  where: Where,
): number | null {
  const value = record[key];
  return value === undefined || value === null
    ? null
    : readInteger(record, key, where);
}
