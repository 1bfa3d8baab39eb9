import { MantineProvider, mergeThemeOverrides } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cssVariablesResolver, theme } from "./theme";
import "dayjs/locale/fr";
import "dayjs/locale/en";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A 4xx will answer the same again; only a failed network or a 5xx is worth a second try.
        retry: (count, error) => count < 2 && (error instanceof Error || !(error && typeof error === "object" && "detail" in error)),
      },
    },
  });
}

const queryClient = createQueryClient();

export function AppProviders({ children }: { children: ReactNode }) {
  const { i18n, t } = useTranslation();
  // The icon-only buttons Mantine draws itself (closing a notification or a dialog, clearing a select)
  // are named in the page's language, for screen readers.
  const localized = useMemo(() => {
    const close = { "aria-label": t("common.close") };
    return mergeThemeOverrides(theme, { components: {
      Notification: { defaultProps: { closeButtonProps: close } },
      Modal: { defaultProps: { closeButtonProps: close } },
      Select: { defaultProps: { clearButtonProps: { "aria-label": t("common.clear") } } },
    } });
  }, [t]);
  return (
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={localized} cssVariablesResolver={cssVariablesResolver}>
        <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1, consistentWeeks: true }}>
          {children}
        </DatesProvider>
      </MantineProvider>
    </QueryClientProvider>
  );
}
