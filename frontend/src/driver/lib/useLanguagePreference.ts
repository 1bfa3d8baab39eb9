import { useQueryClient } from "@tanstack/react-query";
import { $api } from "../../shared/api/client";
import type { Language } from "../../shared/i18n/i18n";

/**
 * Saves the signed-in driver's language on the profile (`preferred_language`: the language of their messages).
 * Signed out, the app keeps its own choice in localStorage only (the language switch does that in every case).
 */
export function useSaveLanguage() {
  const queryClient = useQueryClient();
  const save = $api.useMutation("patch", "/api/account/profile/", {
    onSuccess: (data) => queryClient.setQueryData(["get", "/api/account/profile/", {}], data),
  });
  return {
    save: (language: Language) => save.mutate({ body: { preferred_language: language } }),
    error: save.error,
    isPending: save.isPending,
  };
}
