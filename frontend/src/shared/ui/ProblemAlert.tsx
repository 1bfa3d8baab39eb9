import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { readProblem } from "../api/errors";

/** The API's refusal in the person's words: its `detail`, else a plain sentence; nothing when no error. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const problem = readProblem(error);
  const message = problem.message ?? (problem.code === "network" ? t("errors.network") : t("errors.generic"));
  return (
    <Alert color="red" role="alert" title={title}>
      {message}
    </Alert>
  );
}
