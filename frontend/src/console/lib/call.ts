// A write made outside a mutation hook (a confirmation dialog's action): the API's refusal is thrown as
// its body, so that `readProblem` reads it like any other.
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T | undefined> {
  const { data, error, response } = await request;
  if (!response.ok) throw error ?? { detail: null, code: `http_${response.status}` };
  return data;
}
