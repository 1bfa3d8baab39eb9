import { AppShell, Burger, Button, Group, NavLink, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { logout } from "../../shared/api/client";
import { LanguageSwitch } from "../../shared/ui/LanguageSwitch";
import { useActor } from "./actor";
import { visibleAreas, type ConsoleArea } from "./permissions";

export const AREA_PATHS: Record<ConsoleArea, string> = {
  overview: "/",
  supervision: "/supervision",
  network: "/network",
  firmware: "/firmware",
  users: "/users",
  technicians: "/technicians",
  maintenance: "/maintenance",
  activity: "/activity",
};

/** The console's frame: the navigation of the actor's screens, who is signed in, the language, logout. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const actor = useActor();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("shell.menu")} />
            <Text component={Link} to="/" fw={700} size="lg" c="teal.9" td="none" style={{ whiteSpace: "nowrap" }}>
              {t("shell.name")}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {actor.pseudo} · {t(actor.isStaff ? "shell.roleStaff" : "shell.roleTechnician")}
            </Text>
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("shell.menu")}>
        <Stack gap={2} h="100%">
          {visibleAreas(actor).map((area) => {
            const to = AREA_PATHS[area];
            return (
              <NavLink
                key={area}
                component={Link}
                to={to}
                label={t(`nav.${area}`)}
                active={to === "/" ? location.pathname === "/" : location.pathname.startsWith(to)}
                onClick={close}
              />
            );
          })}
          <Button mt="auto" variant="subtle" color="gray" onClick={() => void logout().then(() => navigate("/login"))}>
            {t("shell.logout")}
          </Button>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Stack maw={1200} mx="auto">
          {children}
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}
