import "../shared/ui/allStyles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../shared/i18n/i18n";
import { AppProviders } from "../shared/ui/AppProviders";
import { App } from "./App";
import { kioskStrings } from "./i18n";
import { registerShellWorker } from "./lib/serviceWorker";

setupI18n(kioskStrings);
registerShellWorker();

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppProviders>
        <App />
      </AppProviders>
    </StrictMode>,
  );
}
