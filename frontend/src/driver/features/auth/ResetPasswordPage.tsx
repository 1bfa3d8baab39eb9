import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { PasswordRules } from "./PasswordRules";
import { passwordProblems } from "./passwordRules";

/** The e-mailed link carries its secret in the fragment (`#uid=…&token=…`): it never reaches a server log. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const link = new URLSearchParams(hash.replace(/^#/, ""));
  const uid = link.get("uid") ?? "";
  const token = link.get("token") ?? "";
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: { new_password: "", new_password_confirm: "" },
    validate: {
      new_password: (v) => (passwordProblems(v).length ? t("auth.passwordRulesUnmet") : null),
      new_password_confirm: (v, values) => (v === values.new_password ? null : t("auth.passwordsDiffer")),
    },
  });
  const confirm = $api.useMutation("post", "/api/auth/password-reset/confirm/", {
    onError: (error) => setProblem(applyApiErrors(form, error, {}, ["new_password", "new_password_confirm"])),
  });

  return (
    <Paper withBorder p="lg" maw={420} w="100%" mx="auto">
      <Stack>
        <Title order={1} size="h2">{t("auth.resetTitle")}</Title>
        {!uid || !token ? (
          <Alert color="red" role="alert">{t("auth.resetLinkBroken")}</Alert>
        ) : confirm.isSuccess ? (
          <Alert color="teal" role="status">{t("auth.resetDone")}</Alert>
        ) : (
          <form noValidate onSubmit={form.onSubmit((values) => confirm.mutate({ body: { uid, token, ...values } }))}>
            <Stack>
              {problem && <ProblemAlert error={{ detail: problem }} />}
              <PasswordInput label={t("auth.newPassword")} autoComplete="new-password" {...form.getInputProps("new_password")} />
              <PasswordRules password={form.values.new_password} identity={[]} />
              <PasswordInput label={t("auth.newPasswordConfirm")} autoComplete="new-password" {...form.getInputProps("new_password_confirm")} />
              <Button type="submit" loading={confirm.isPending}>{t("auth.resetSubmit")}</Button>
            </Stack>
          </form>
        )}
        <Anchor component={Link} to="/login" size="sm">{t("auth.backToLogin")}</Anchor>
      </Stack>
    </Paper>
  );
}
