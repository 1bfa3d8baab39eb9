import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { listOf } from "../../../shared/api/pages";
import { formatDateTime } from "../../../shared/format/dates";
import { QueryState } from "../../../shared/ui/QueryState";
import "@mantine/core/styles/ScrollArea.css";
import "@mantine/core/styles/Table.css";

/** Every attempt to open a cabinet with this account's credentials, accepted or refused. */
export default function HistoryPage() {
  const { t, i18n } = useTranslation();
  const history = $api.useQuery("get", "/api/account/auth-history/", {});
  return (
    <Stack>
      <Title order={1}>{t("history.title")}</Title>
      <QueryState query={history} isEmpty={(data) => listOf(data).length === 0} empty={t("history.none")}>
        {(data) => (
          <Table.ScrollContainer minWidth={320}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("history.when")}</Table.Th>
                  <Table.Th>{t("history.where")}</Table.Th>
                  <Table.Th>{t("history.result")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {listOf(data).map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>{formatDateTime(row.created_at, i18n.language)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{row.borne_nom}</Text>
                      <Text size="xs" c="dimmed">{t(`authMode.${row.method}`)}{row.reference_code ? ` · ${row.reference_code}` : ""}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={row.result === "accepted" ? "teal" : "red"} variant="light">{t(`history.results.${row.result}`, { defaultValue: row.result })}</Badge>
                      {row.reason && <Text size="xs" c="dimmed">{t(`history.reasons.${row.reason}`, { defaultValue: row.reason })}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
