import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { applyApiErrors } from "../../../shared/api/forms";
import type { components } from "../../../shared/api/schema";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import { useActor } from "../../lib/actor";
import { alertAction } from "../../lib/permissions";
import { refreshData } from "../../lib/refresh";

type Alerte = components["schemas"]["Alerte"];

/** The next step of an alert's lifecycle that this actor may take: acknowledge, or resolve with a note. */
export function AlertActions({ alert }: { alert: Alerte }) {
  const { t } = useTranslation();
  const actor = useActor();
  const queryClient = useQueryClient();
  const [resolving, setResolving] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const form = useForm({ initialValues: { resolution_note: "" }, validate: { resolution_note: (v) => (v.trim() ? null : t("supervision.noteRequired")) } });
  const done = (message: string) => {
    notifications.show({ color: "teal", message });
    void refreshData(queryClient);
  };
  const acknowledge = $api.useMutation("post", "/api/technician/alerts/{id_alerte}/acknowledge/", {
    onSuccess: () => done(t("supervision.acknowledged")),
    onError: setProblem,
  });
  const resolve = $api.useMutation("post", "/api/technician/alerts/{id_alerte}/resolve/", {
    onSuccess: () => {
      setResolving(false);
      form.reset();
      done(t("supervision.resolvedDone"));
    },
    onError: (error) => setProblem(applyApiErrors(form, error) ?? null),
  });
  const action = alertAction(actor, alert);
  if (!action) return null;
  const path = { params: { path: { id_alerte: alert.id_alerte } } };
  return (
    <Stack gap={4}>
      {!resolving && problem !== null && <ProblemAlert error={typeof problem === "string" ? { detail: problem } : problem} />}
      {action === "acknowledge" ? (
        <Button size="xs" loading={acknowledge.isPending} onClick={() => acknowledge.mutate(path)}>
          {t("supervision.acknowledge")}
        </Button>
      ) : (
        <Button size="xs" onClick={() => { setProblem(null); setResolving(true); }}>
          {t("supervision.resolve")}
        </Button>
      )}
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={resolving} onClose={() => setResolving(false)} title={t("supervision.resolveTitle")}>
        <form onSubmit={form.onSubmit((body) => resolve.mutate({ ...path, body }))} noValidate>
          <Stack>
            {problem !== null && <ProblemAlert error={typeof problem === "string" ? { detail: problem } : problem} />}
            <Textarea label={t("supervision.note")} description={t("supervision.noteHelp")} autosize minRows={3} data-autofocus {...form.getInputProps("resolution_note")} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setResolving(false)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={resolve.isPending}>
                {t("supervision.resolve")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
