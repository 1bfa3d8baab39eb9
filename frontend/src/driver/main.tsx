import "./styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../shared/i18n/i18n";
import { AppProviders } from "../shared/ui/AppProviders";
import { App } from "./App";
import { driverStrings } from "./i18n";

setupI18n(driverStrings);

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
