import { Anchor, Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { $api } from "../../../shared/api/client";
import { QueryState } from "../../../shared/ui/QueryState";
import { AccountCard } from "./AccountCard";
import { BadgesCard } from "./BadgesCard";
import { JournalCard } from "./JournalCard";

export default function UserDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const user = $api.useQuery("get", "/api/admin/users/{id_user}/", { params: { path: { id_user: id } } });
  return (
    <Stack>
      <Anchor component={Link} to="/users" size="sm">← {t("users.back")}</Anchor>
      <QueryState query={user}>
        {(data) => (
          <Stack>
            <Title order={1}>{data.pseudo}</Title>
            <AccountCard user={data} />
            <BadgesCard userId={data.id_user} />
            <JournalCard userId={data.id_user} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
