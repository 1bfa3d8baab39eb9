import { readProblem } from "./errors";

interface FormWithErrors {
  setErrors: (errors: Record<string, string>) => void;
}

/**
 * Puts the API's field errors beside their fields (`fieldMap` renames an API field to a form field) and
 * answers the message left for the top of the form (the `detail`, or a field the form does not show).
 */
export function applyApiErrors(form: FormWithErrors, error: unknown, fieldMap: Record<string, string> = {}, shown: readonly string[] = []): string | null {
  const problem = readProblem(error);
  const errors: Record<string, string> = {};
  const unshown: string[] = [];
  for (const [apiField, message] of Object.entries(problem.fields)) {
    const field = fieldMap[apiField] ?? apiField;
    if (shown.length === 0 || shown.includes(field)) errors[field] = message;
    else unshown.push(message);
  }
  form.setErrors(errors);
  return problem.message ?? unshown[0] ?? null;
}
