import { Anchor, Button, Checkbox, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { session } from "../../../shared/api/session";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { nextPath } from "../../lib/RequireAuth";
import { PasswordRules } from "./PasswordRules";
import { passwordProblems } from "./passwordRules";
import "@mantine/core/styles/InlineInput.css";
import "@mantine/core/styles/Checkbox.css";
import "@mantine/core/styles/CheckboxCard.css";
import "@mantine/core/styles/CheckboxIndicator.css";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export default function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    initialValues: { pseudo: "", email: "", telephone: "", password: "", cgu_accepted: false, privacy_policy_accepted: false, notifications_accepted: false },
    validate: {
      pseudo: (v) => (v.trim() ? null : t("auth.required")),
      email: (v) => (EMAIL.test(v) ? null : t("auth.invalidEmail")),
      password: (v, values) => (passwordProblems(v, [values.pseudo, values.email]).length ? t("auth.passwordRulesUnmet") : null),
      cgu_accepted: (v) => (v ? null : t("auth.mustAccept")),
      privacy_policy_accepted: (v) => (v ? null : t("auth.mustAccept")),
    },
  });
  const [pseudo] = useDebouncedValue(form.values.pseudo.trim(), 400);
  const [email] = useDebouncedValue(form.values.email.trim(), 400);
  const availability = $api.useQuery(
    "get",
    "/api/auth/register/availability/",
    { params: { query: { ...(pseudo ? { pseudo } : {}), ...(EMAIL.test(email) ? { email } : {}) } } },
    { enabled: Boolean(pseudo) || EMAIL.test(email), staleTime: 30_000, retry: false },
  );
  const register = $api.useMutation("post", "/api/auth/register/", {
    onSuccess: (data) => {
      session.signIn(data.access);
      void navigate(nextPath(location.search), { replace: true });
    },
    onError: (error) => setProblem(applyApiErrors(form, error)),
  });
  const taken = (field: "pseudo" | "email") =>
    availability.data && availability.data[`${field}_available`] === false ? t(`auth.${field}Taken`) : null;

  return (
    <Paper withBorder p="lg" maw={480} w="100%" mx="auto">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setProblem(null);
          register.mutate({ body: { ...values, telephone: values.telephone.trim() } });
        })}
      >
        <Stack>
          <Title order={1} size="h2">{t("auth.registerTitle")}</Title>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <TextInput label={t("auth.pseudo")} autoComplete="username" required {...form.getInputProps("pseudo")} error={form.errors.pseudo ?? taken("pseudo")} />
          <TextInput label={t("auth.email")} type="email" autoComplete="email" required {...form.getInputProps("email")} error={form.errors.email ?? taken("email")} />
          <TextInput label={t("auth.phone")} description={t("auth.phoneHelp")} type="tel" autoComplete="tel" {...form.getInputProps("telephone")} />
          <PasswordInput label={t("auth.password")} autoComplete="new-password" required {...form.getInputProps("password")} />
          <PasswordRules password={form.values.password} identity={[form.values.pseudo, form.values.email]} />
          <Checkbox
            label={<Text size="sm">{t("auth.cgu")} (<Anchor href="/terms" target="_blank" size="sm">{t("auth.read")}</Anchor>)</Text>}
            {...form.getInputProps("cgu_accepted", { type: "checkbox" })}
          />
          <Checkbox
            label={<Text size="sm">{t("auth.privacy")} (<Anchor href="/privacy" target="_blank" size="sm">{t("auth.read")}</Anchor>)</Text>}
            {...form.getInputProps("privacy_policy_accepted", { type: "checkbox" })}
          />
          <Checkbox label={t("auth.notifications")} {...form.getInputProps("notifications_accepted", { type: "checkbox" })} />
          <Button type="submit" loading={register.isPending}>{t("auth.register")}</Button>
          <Anchor component={Link} to={`/login${location.search}`} size="sm">{t("auth.haveAccount")}</Anchor>
        </Stack>
      </form>
    </Paper>
  );
}
