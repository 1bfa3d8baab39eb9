/** The rules the server applies (AUTH_PASSWORD_VALIDATORS), shown before submit and checked as typed. */
export const PASSWORD_MIN_LENGTH = 12;

export function passwordProblems(password: string, identity: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push("length");
  if (/^\d+$/.test(password)) problems.push("numeric");
  const lower = password.toLowerCase();
  if (identity.some((part) => part.length >= 3 && lower.includes(part.toLowerCase()))) problems.push("similar");
  return problems;
}
