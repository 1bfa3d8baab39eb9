import { Select, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import type { components } from "../../../shared/api/schema";
import { FormModal, useSaveCallbacks } from "../../lib/FormModal";
import { idOrUndefined } from "../../lib/query";

type Technician = components["schemas"]["Technician"];

/** Create a technician (tied to the account they sign in with) or edit one. */
export function TechnicianForm({ technician, onClose }: { technician?: Technician; onClose: () => void }) {
  const { t } = useTranslation();
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
  const { problem, clearProblem, callbacks } = useSaveCallbacks(form, onClose, t("technicians.saved"));
  const create = $api.useMutation("post", "/api/admin/technicians/", callbacks);
  const update = $api.useMutation("patch", "/api/admin/technicians/{id}/", callbacks);
  const accountOptions = listOf(users.data ?? []).map((u) => ({ value: String(u.id_user), label: u.pseudo }));
  if (technician?.utilisateur && !accountOptions.some((o) => o.value === String(technician.utilisateur))) {
    accountOptions.push({ value: String(technician.utilisateur), label: technician.utilisateur_pseudo ?? String(technician.utilisateur) });
  }
  const submit = form.onSubmit((values) => {
    clearProblem();
    const body = { ...values, utilisateur: idOrUndefined(values.utilisateur) ?? null };
    if (technician) update.mutate({ params: { path: { id: technician.id_technicien } }, body });
    else create.mutate({ body });
  });
  return (
    <FormModal title={t(technician ? "technicians.editTechnician" : "technicians.newTechnician")} onClose={onClose} onSubmit={submit} problem={problem} saving={create.isPending || update.isPending}>
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
    </FormModal>
  );
}
