import { List, Text, ThemeIcon, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { passwordProblems } from "./passwordRules";
import "@mantine/core/styles/List.css";
import "@mantine/core/styles/ThemeIcon.css";

/** The password rules, each marked as met or not while the person types. */
export function PasswordRules({ password, identity }: { password: string; identity: string[] }) {
  const { t } = useTranslation();
  const problems = passwordProblems(password, identity);
  const rules = ["length", "numeric", "similar"] as const;
  return (
    <List size="sm" spacing={2} aria-label={t("auth.rulesTitle")}>
      {rules.map((rule) => {
        const met = password.length > 0 && !problems.includes(rule);
        return (
          <List.Item key={rule} icon={<ThemeIcon size={16} radius="xl" color={met ? "teal" : "gray"} aria-hidden>{met ? "✓" : "·"}</ThemeIcon>}>
            <Text size="sm" span>
              {t(`auth.rules.${rule}`)}
              {met && <VisuallyHidden>{` (${t("auth.ruleMet")})`}</VisuallyHidden>}
            </Text>
          </List.Item>
        );
      })}
      <List.Item icon={<ThemeIcon size={16} radius="xl" color="gray" aria-hidden>·</ThemeIcon>}>
        <Text size="sm" span>{t("auth.rules.common")}</Text>
      </List.Item>
    </List>
  );
}
