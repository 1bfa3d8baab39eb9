import { Button, Group, Modal, Stack } from "@mantine/core";
import type { MantineSize } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import type { FormEvent, ReactNode } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { applyApiErrors } from "../../shared/api/forms";
import { ProblemAlert } from "../../shared/ui/ProblemAlert";
import { refreshData } from "./refresh";

interface FormWithErrors {
  setErrors: (errors: Record<string, string>) => void;
}

/**
 * What every console form does with the API's answer: on success a toast (`savedMessage`), every list read
 * again, the modal closed; on a refusal the field errors beside their fields (`fieldMap` renames an API
 * field to the form's) and the rest in `problem`, shown at the top of the form.
 */
export function useSaveCallbacks(form: FormWithErrors, onClose: () => void, savedMessage: string, fieldMap?: Record<string, string>) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const callbacks = {
    onSuccess: () => {
      notifications.show({ color: "teal", message: savedMessage });
      void refreshData(queryClient);
      onClose();
    },
    onError: (error: unknown) => setProblem(applyApiErrors(form, error, fieldMap)),
  };
  return { problem, clearProblem: () => setProblem(null), callbacks };
}

interface FormModalProps {
  title: string;
  onClose: () => void;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  problem: string | null;
  saving: boolean;
  /** The submit button's text ("Save" when not given). */
  submitLabel?: string;
  size?: MantineSize;
  children: ReactNode;
}

/** A console form in a modal: the refusal at the top, the fields, then Cancel and the submit button. */
export function FormModal({ title, onClose, onSubmit, problem, saving, submitLabel, size, children }: FormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={title} size={size}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {problem && <ProblemAlert error={{ detail: problem }} />}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel ?? t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
