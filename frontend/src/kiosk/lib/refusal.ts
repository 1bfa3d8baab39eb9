import { readProblem } from "../../shared/api/errors";

/** A refused kiosk request: the API's reason, its code, and how long to wait when it says so (429). */
export class Refusal extends Error {
  /** When the answer came (`Retry-After` counts from then). */
  readonly receivedAt = Date.now();

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterSeconds: number | null,
  ) {
    super(readProblem(body).message ?? `HTTP ${status}`);
  }

  get code(): string | null {
    return readProblem(this.body).code;
  }
}

/** The network failed: no answer at all (the API cannot be reached). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Refusal && [502, 503, 504].includes(error.status));
}

/** openapi-fetch's answer as data, or a Refusal carrying `Retry-After`; a failed fetch throws as it is. */
export async function answered<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  const retry = Number(response.headers.get("Retry-After"));
  throw new Refusal(response.status, error, Number.isFinite(retry) && retry > 0 ? retry : null);
}
