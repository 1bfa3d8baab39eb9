import { Button, Card, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";

/** GDPR export: everything the platform holds about the driver, as a JSON file. */
async function downloadExport(): Promise<void> {
  const { data, response } = await api.GET("/api/account/export/", { parseAs: "blob" });
  if (!response.ok || !data) throw new Error(`HTTP ${response.status}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "export.json";
  const url = URL.createObjectURL(data);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportCard() {
  const { t } = useTranslation();
  const download = useMutation({ mutationFn: downloadExport });
  return (
    <Card withBorder>
      <Stack align="flex-start">
        <Title order={2} size="h3">{t("account.export")}</Title>
        <Text size="sm">{t("account.exportHelp")}</Text>
        <Button variant="light" onClick={() => download.mutate()} loading={download.isPending}>{t("account.download")}</Button>
        <ProblemAlert error={download.error} />
      </Stack>
    </Card>
  );
}
