import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import { readProblem } from "../../../shared/api/errors";
import { useActor } from "../../lib/actor";
import { exportFileName, exportQuery, type ActivityFilters, type ActivityKind } from "./filters";

/** The list's rows as a CSV file, with the list's filters (streamed by the server, saved by the browser). */
export function ExportButton({ kind, filters }: { kind: ActivityKind; filters: ActivityFilters }) {
  const { t } = useTranslation();
  const actor = useActor();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      // The export needs the session's token: it is fetched, then handed to the browser as a file.
      const who = actor.isStaff ? "admin" : "technician";
      const query = exportQuery(kind, filters);
      const { data, error, response } = kind === "reservations"
        ? await api.GET(`/api/${who}/reservations/export/`, { params: { query: query as never }, parseAs: "blob" })
        : await api.GET(`/api/${who}/sessions/export/`, { params: { query: query as never }, parseAs: "blob" });
      if (!response.ok || !(data instanceof Blob)) throw error ?? new Error("export");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(data);
      link.download = exportFileName(kind, response.headers.get("Content-Disposition"));
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      notifications.show({ color: "teal", message: t("activity.exported") });
    } catch (problem) {
      const { message, code } = readProblem(problem);
      notifications.show({ color: "red", message: message ?? t(code === "network" ? "errors.network" : "errors.generic") });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="light" loading={busy} onClick={() => void download()}>
      {t("activity.export")}
    </Button>
  );
}
