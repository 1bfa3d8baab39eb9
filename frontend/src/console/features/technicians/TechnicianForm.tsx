import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { idOrUndefined } from "../../lib/query";
import { refreshData } from "../../lib/refresh";

type Technician = components["schemas"]["Technician"];

/** Create a technician (tied to the account they sign in with) or edit one. */
export function TechnicianForm({ technician, onClose }: { technician?: Technician; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [search, setSearch] = useState(technician?.utilisateur_pseudo ?? "");
  const [q] = useDebouncedValue(search, 300);
  const users = $api.useQuery("get", "/api/admin/users/", { params: { query: { q, page: 1, page_size: 20 } } }, { enabled: q.trim().length > 0 });
  const form = useForm({
    initialValues: {
      utilisateur: technician?.utilisateur ? String(technician.utilisateur) : null as string | null,
      nom: technician?.nom ?? "",
      email: technician?.email ?? "",
      telephone: technician?.telephone ?? "",
    },
    validate: { nom: (v) => (v.trim() ? null : t("technicians.required")) },
  });
  const options = {
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("technicians.saved") });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error: unknown) => setProblem(applyApiErrors(form, error)),
  };
  const create = $api.useMutation("post", "/api/admin/technicians/", options);
  const update = $api.useMutation("patch", "/api/admin/technicians/{id}/", options);
  const accountOptions = listOf(users.data ?? []).map((u) => ({ value: String(u.id_user), label: u.pseudo }));
  if (technician?.utilisateur && !accountOptions.some((o) => o.value === String(technician.utilisateur))) {
    accountOptions.push({ value: String(technician.utilisateur), label: technician.utilisateur_pseudo ?? String(technician.utilisateur) });
  }
  const submit = form.onSubmit((values) => {
    setProblem(null);
    const body = { ...values, utilisateur: idOrUndefined(values.utilisateur) ?? null };
    if (technician) update.mutate({ params: { path: { id: technician.id_technicien } }, body });
    else create.mutate({ body });
  });
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t(technician ? "technicians.editTechnician" : "technicians.newTechnician")}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          <Select
            label={t("technicians.account")}
            description={t("technicians.accountHelp")}
            placeholder={t("technicians.searchAccount")}
            data={accountOptions}
            searchable
            clearable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            {...form.getInputProps("utilisateur")}
          />
          <TextInput label={t("technicians.nom")} required {...form.getInputProps("nom")} />
          <TextInput label={t("technicians.email")} type="email" {...form.getInputProps("email")} />
          <TextInput label={t("technicians.phone")} {...form.getInputProps("telephone")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" loading={create.isPending || update.isPending}>{t("common.save")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
