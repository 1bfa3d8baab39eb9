import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import type { components } from "../../../shared/api/schema";
import { applyApiErrors } from "../../../shared/api/forms";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { QueryState } from "../../../shared/ui/QueryState";
import { PhoneVerification } from "./PhoneVerification";

export function ProfileCard() {
  const { t } = useTranslation();
  const profile = $api.useQuery("get", "/api/account/profile/", {});
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h3">{t("account.profile")}</Title>
        <QueryState query={profile}>{(data) => <ProfileForm profile={data} />}</QueryState>
      </Stack>
    </Card>
  );
}

type Profile = components["schemas"]["Profile"];

function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ initialValues: { nom: profile.nom ?? "", email: profile.email ?? "", telephone: profile.telephone ?? "" } });
  useEffect(() => {
    form.setInitialValues({ nom: profile.nom ?? "", email: profile.email ?? "", telephone: profile.telephone ?? "" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the saved profile changes
  }, [profile]);
  const save = $api.useMutation("patch", "/api/account/profile/", {
    onSuccess: (data) => {
      queryClient.setQueryData(["get", "/api/account/profile/", {}], data);
      form.resetDirty(form.values);
    },
    onError: (error) => setProblem(applyApiErrors(form, error, {}, ["nom", "email", "telephone"])),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((body) => { setProblem(null); save.mutate({ body }); })}>
      <Stack>
        <TextInput label={t("account.pseudo")} value={profile.pseudo ?? ""} readOnly disabled />
        <TextInput label={t("account.name")} autoComplete="name" {...form.getInputProps("nom")} />
        <TextInput label={t("auth.email")} type="email" autoComplete="email" {...form.getInputProps("email")} />
        <Group align="flex-end" wrap="nowrap">
          <TextInput style={{ flex: 1 }} label={t("account.phone")} type="tel" autoComplete="tel" {...form.getInputProps("telephone")} />
          {profile.telephone && (
            <Badge color={profile.telephone_verifie ? "teal" : "yellow"} variant="light" mb={8}>
              {profile.telephone_verifie ? t("account.verified") : t("account.unverified")}
            </Badge>
          )}
        </Group>
        {problem && <ProblemAlert error={{ detail: problem }} />}
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>{t("common.save")}</Button>
          {/* Said where the person looks, and to screen readers (a status region), until the next change. */}
          <Text role="status" size="sm" c="teal.9">{save.isSuccess && !form.isDirty() ? t("account.saved") : ""}</Text>
        </Group>
        {profile.telephone && !profile.telephone_verifie && !form.isDirty("telephone") && <PhoneVerification />}
      </Stack>
    </form>
  );
}
