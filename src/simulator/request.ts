// Splits a request target into what the endpoints need. The query is kept
// raw as well: Fansly itself told `%2C` apart from a literal comma.

export type Endpoint =
  "tag" | "suggestions" | "accounts" | "usernames" | "other";

/** A request target split the way the endpoints need it. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  /** The query exactly as sent, to tell `%2C` from a literal comma. */
  readonly rawQuery: string;
  readonly params: URLSearchParams;
  readonly endpoint: Endpoint;
}

const PREFIX = "/api/v1";

export function parseRequest(method: string, target: string): SimRequest {
  const mark = target.indexOf("?");
  const path = mark === -1 ? target : target.slice(0, mark);
  const rawQuery = mark === -1 ? "" : target.slice(mark + 1);
  const params = new URLSearchParams(rawQuery);
  const endpoint = method === "GET" ? endpointOf(path, params) : "other";
  return { method, path, rawQuery, params, endpoint };
}

function endpointOf(path: string, params: URLSearchParams): Endpoint {
  switch (path) {
    case `${PREFIX}/contentdiscovery/media/tag`:
      return "tag";
    case `${PREFIX}/contentdiscovery/media/suggestionsnew`:
      return "suggestions";
    case `${PREFIX}/account`:
      if (params.has("ids")) return "accounts";
      return params.has("usernames") ? "usernames" : "other";
    default:
      return "other";
  }
}
