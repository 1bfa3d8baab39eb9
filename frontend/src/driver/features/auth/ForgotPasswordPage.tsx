import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: "" }, validate: { email: (v) => (v.includes("@") ? null : t("auth.invalidEmail")) } });
  const request = $api.useMutation("post", "/api/auth/password-reset/", {
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });

  return (
    <Paper withBorder p="lg" maw={420} w="100%" mx="auto">
      <Stack>
        <Title order={1} size="h2">{t("auth.forgotTitle")}</Title>
        {request.isSuccess ? (
          <Alert color="teal" role="status">{t("auth.forgotSent")}</Alert>
        ) : (
          <form noValidate onSubmit={form.onSubmit((body) => request.mutate({ body }))}>
            <Stack>
              <Text size="sm">{t("auth.forgotHelp")}</Text>
              {problem && <ProblemAlert error={{ detail: problem }} />}
              <TextInput label={t("auth.email")} type="email" autoComplete="email" {...form.getInputProps("email")} />
              <Button type="submit" loading={request.isPending}>{t("auth.forgotSend")}</Button>
            </Stack>
          </form>
        )}
        <Anchor component={Link} to="/login" size="sm">{t("auth.backToLogin")}</Anchor>
      </Stack>
    </Paper>
  );
}
