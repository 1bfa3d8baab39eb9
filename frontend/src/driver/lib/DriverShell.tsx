import { AppShell, Burger, Button, Group, NavLink, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { logout } from "../../shared/api/client";
import { useSession } from "../../shared/api/useSession";
import { LanguageSwitch } from "../../shared/ui/LanguageSwitch";
import { useSaveLanguage } from "./useLanguagePreference";

const LINKS = [
  { to: "/", key: "dashboard" },
  { to: "/book", key: "book" },
  { to: "/stations", key: "stations" },
  { to: "/reservations", key: "reservations" },
  { to: "/badges", key: "badges" },
  { to: "/history", key: "history" },
  { to: "/account", key: "account" },
] as const;

/** Header with the menu (a drawer on phones, a side bar on wide screens), the language and logout. */
export function DriverShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const status = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const signedIn = status === "authenticated";
  const language = useSaveLanguage();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={signedIn ? { width: 220, breakpoint: "sm", collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {signedIn && <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} />}
            <Text component={Link} to="/" fw={700} size="lg" c="teal.9" td="none">
              {t("app.name")}
            </Text>
          </Group>
          <LanguageSwitch onChange={signedIn ? language.save : undefined} />
        </Group>
      </AppShell.Header>
      {signedIn && (
        <AppShell.Navbar p="xs" aria-label={t("nav.menu")}>
          <Stack gap={2} h="100%">
            {LINKS.map((link) => (
              <NavLink
                key={link.to}
                component={Link}
                to={link.to}
                label={t(`nav.${link.key}`)}
                active={link.to === "/" ? location.pathname === "/" : location.pathname.startsWith(link.to)}
                onClick={close}
              />
            ))}
            <Button
              mt="auto"
              variant="subtle"
              color="gray"
              onClick={() => {
                void logout().then(() => navigate("/login"));
              }}
            >
              {t("nav.logout")}
            </Button>
          </Stack>
        </AppShell.Navbar>
      )}
      <AppShell.Main>
        <Stack maw={720} mx="auto">
          {children}
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}
