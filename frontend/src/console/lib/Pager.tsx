import { Group, Pagination, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { pageCount, PAGE_SIZE } from "./query";

/** The page switcher under a list, with the total. */
export function Pager({ page, count, onChange, pageSize = PAGE_SIZE }: { page: number; count: number; onChange: (page: number) => void; pageSize?: number }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed">
        {t("shell.total", { count })}
      </Text>
      {count > pageSize && <Pagination total={pageCount(count, pageSize)} value={page} onChange={onChange} size="sm" getControlProps={(p) => ({ "aria-label": `${t("shell.page")} ${p}` })} />}
    </Group>
  );
}
