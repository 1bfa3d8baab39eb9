import { Button, Paper, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../api/client";
import { applyApiErrors } from "../api/forms";
import { session } from "../api/session";
import { ProblemAlert } from "./ProblemAlert";

interface Props {
  /** Called once the session is open (the app navigates on). */
  onSignedIn: () => void;
  title?: string;
  /** Links under the button (forgotten password, register...). */
  footer?: ReactNode;
}

/** The one login of the apps (drivers, operators and technicians sign in the same way). */
export function LoginForm({ onSignedIn, title, footer }: Props) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: { pseudo: "", password: "" },
    validate: {
      pseudo: (v) => (v.trim() ? null : t("login.required")),
      password: (v) => (v ? null : t("login.required")),
    },
  });
  const login = $api.useMutation("post", "/api/auth/login/", {
    onSuccess: (data) => {
      session.signIn(data.access);
      onSignedIn();
    },
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });

  return (
    <Paper withBorder p="lg" maw={420} w="100%" mx="auto">
      <form onSubmit={form.onSubmit((values) => login.mutate({ body: values }))} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {title ?? t("login.title")}
          </Title>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <TextInput label={t("login.pseudoOrEmail")} autoComplete="username" {...form.getInputProps("pseudo")} />
          <PasswordInput label={t("login.password")} autoComplete="current-password" {...form.getInputProps("password")} />
          <Button type="submit" loading={login.isPending}>
            {t("login.submit")}
          </Button>
          {footer}
        </Stack>
      </form>
    </Paper>
  );
}
