import { Anchor, Button, Paper, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { session } from "../../../shared/api/session";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { nextPath } from "../../lib/RequireAuth";

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: { pseudo: "", password: "" },
    validate: {
      pseudo: (v) => (v.trim() ? null : t("auth.required")),
      password: (v) => (v ? null : t("auth.required")),
    },
  });
  const login = $api.useMutation("post", "/api/auth/login/", {
    onSuccess: (data) => {
      session.signIn(data.access);
      void navigate(nextPath(location.search), { replace: true });
    },
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });

  return (
    <Paper withBorder p="lg" maw={420} w="100%" mx="auto">
      <form onSubmit={form.onSubmit((values) => login.mutate({ body: values }))} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t("auth.loginTitle")}
          </Title>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <TextInput label={t("auth.pseudoOrEmail")} autoComplete="username" {...form.getInputProps("pseudo")} />
          <PasswordInput label={t("auth.password")} autoComplete="current-password" {...form.getInputProps("password")} />
          <Button type="submit" loading={login.isPending}>
            {t("auth.login")}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t("auth.forgot")}
          </Anchor>
          <Anchor component={Link} to={`/register${location.search}`} size="sm">
            {t("auth.noAccount")}
          </Anchor>
        </Stack>
      </form>
    </Paper>
  );
}
