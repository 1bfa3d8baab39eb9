// What the API answers when it refuses: DRF's `{"detail", "code"}` or field errors `{"field": ["..."]}`.
export type FieldErrors = Record<string, string>;

export interface ProblemMessage {
  /** The sentence to show above the form (the API's `detail`, or its `non_field_errors`). */
  message: string | null;
  /** The stable code, for the screens that act on it (never shown). */
  code: string | null;
  /** Each field's first message, keyed by the API's field name. */
  fields: FieldErrors;
}

function firstText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = firstText(item);
      if (text) return text;
    }
  }
  if (value && typeof value === "object") {
    for (const item of Object.values(value as Record<string, unknown>)) {
      const text = firstText(item);
      if (text) return text;
    }
  }
  return null;
}

/** Turns any error body the API can answer into one message and per-field messages. */
export function readProblem(body: unknown): ProblemMessage {
  const problem: ProblemMessage = { message: null, code: null, fields: {} };
  if (body instanceof Error) {
    // fetch itself failed: no answer came back from the server.
    problem.code = "network";
    return problem;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    problem.message = firstText(body);
    return problem;
  }
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === "detail") problem.message = firstText(value);
    else if (key === "code") problem.code = typeof value === "string" ? value : null;
    else if (key === "non_field_errors") problem.message ??= firstText(value);
    else {
      const text = firstText(value);
      if (text) problem.fields[key] = text;
    }
  }
  return problem;
}
