import { Button, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { PageLoader } from "./PageLoader";
import { ProblemAlert } from "./ProblemAlert";

interface Props<T> {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  /** Whether the loaded data counts as empty (then `empty` is shown). */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** The loading, error and empty states every list and page shares. */
export function QueryState<T>({ query, isEmpty, empty, children }: Props<T>) {
  const { t } = useTranslation();
  if (query.isPending) return <PageLoader />;
  if (query.error || query.data === undefined) {
    return (
      <Stack>
        <ProblemAlert error={query.error} />
        <Button variant="light" onClick={() => void query.refetch()}>
          {t("common.retry")}
        </Button>
      </Stack>
    );
  }
  if (isEmpty?.(query.data)) return <Text c="dimmed">{empty ?? t("common.empty")}</Text>;
  return <>{children(query.data)}</>;
}
