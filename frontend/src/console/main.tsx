import "../shared/ui/allStyles";
import { Notifications } from "@mantine/notifications";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../shared/i18n/i18n";
import { AppProviders } from "../shared/ui/AppProviders";
import { App } from "./App";
import { consoleStrings } from "./i18n";

setupI18n(consoleStrings);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppProviders>
        <Notifications position="top-center" />
        <App />
      </AppProviders>
    </StrictMode>,
  );
}
