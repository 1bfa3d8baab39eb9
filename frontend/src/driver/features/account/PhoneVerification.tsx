import { Alert, Button, Group, PinInput, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { $api } from "../../../shared/api/client";
import { formatTime } from "../../../shared/format/dates";
import { ProblemAlert } from "../../../shared/ui/ProblemAlert";
import "@mantine/core/styles/PinInput.css";

/** Proves the phone number: a code sent by SMS, typed back here. (Inside the profile form: no <form>.) */
export function PhoneVerification() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const send = $api.useMutation("post", "/api/account/phone/verify/");
  const confirm = $api.useMutation("post", "/api/account/phone/verify/confirm/", {
    onSuccess: (data) => queryClient.setQueryData(["get", "/api/account/profile/", {}], data),
  });
  return (
    <Alert color="yellow" title={t("account.verifyTitle")}>
      <Stack gap="xs">
        <Text size="sm">{t("account.verifyHelp")}</Text>
        {send.data && <Text size="sm">{t("account.codeSent", { time: formatTime(send.data.expires_at, i18n.language) })}</Text>}
        <ProblemAlert error={send.error} />
        <Button type="button" variant="light" onClick={() => send.mutate({})} loading={send.isPending}>
          {send.data ? t("account.resend") : t("account.sendCode")}
        </Button>
        {send.data && (
          <Group align="flex-end">
            <PinInput length={6} type="number" oneTimeCode value={code} onChange={setCode} aria-label={t("account.code")} />
            <Button type="button" onClick={() => confirm.mutate({ body: { code } })} disabled={code.length !== 6} loading={confirm.isPending}>
              {t("account.verify")}
            </Button>
          </Group>
        )}
        <ProblemAlert error={confirm.error} />
      </Stack>
    </Alert>
  );
}
