import { Alert, Button, Card, PasswordInput, Stack, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { session } from "../../../shared/api/session";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";

export function PasswordCard() {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: { current_password: "", new_password: "", new_password_confirm: "" },
    validate: { new_password_confirm: (v, values) => (v === values.new_password ? null : t("auth.passwordsDiffer")) },
  });
  const change = $api.useMutation("post", "/api/account/password/", {
    onSuccess: (data) => {
      // The change ends every other session; this tab goes on with the new token it was given.
      if (data) session.signIn(data.access);
      form.reset();
    },
    onError: (error) => setProblem(applyApiErrors(form, error, {}, ["current_password", "new_password", "new_password_confirm"])),
  });
  return (
    <Card withBorder>
      <form noValidate onSubmit={form.onSubmit((body) => { setProblem(null); change.mutate({ body }); })}>
        <Stack>
          <Title order={2} size="h3">{t("account.password")}</Title>
          {change.isSuccess && <Alert color="teal" role="status">{t("account.passwordChanged")}</Alert>}
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <PasswordInput label={t("account.currentPassword")} autoComplete="current-password" {...form.getInputProps("current_password")} />
          <PasswordInput label={t("auth.newPassword")} autoComplete="new-password" {...form.getInputProps("new_password")} />
          <PasswordInput label={t("auth.newPasswordConfirm")} autoComplete="new-password" {...form.getInputProps("new_password_confirm")} />
          <Button type="submit" loading={change.isPending}>{t("account.changePassword")}</Button>
        </Stack>
      </form>
    </Card>
  );
}
