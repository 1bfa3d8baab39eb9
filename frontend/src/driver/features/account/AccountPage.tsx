import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ConsentsCard } from "./ConsentsCard";
import { DeleteAccountCard } from "./DeleteAccountCard";
import { ExportCard } from "./ExportCard";
import { MessagesCard } from "./MessagesCard";
import { PasswordCard } from "./PasswordCard";
import { ProfileCard } from "./ProfileCard";

export default function AccountPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t("account.title")}</Title>
      <ProfileCard />
      <ConsentsCard />
      <MessagesCard />
      <PasswordCard />
      <ExportCard />
      <DeleteAccountCard />
    </Stack>
  );
}
