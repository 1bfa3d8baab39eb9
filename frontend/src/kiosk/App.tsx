import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { PageLoader } from "../shared/ui/PageLoader";
import { KioskFrame } from "./lib/KioskFrame";
import { KioskProvider } from "./lib/KioskContext";
import { forgetProvisioning, loadProvisioning, type Provisioning } from "./lib/provisioning";

// One chunk per screen; the service worker keeps them all for a start without the server.
const SetupPage = lazy(() => import("./features/setup/SetupPage"));
const IdlePage = lazy(() => import("./features/idle/IdlePage"));
const SessionPage = lazy(() => import("./features/session/SessionPage"));
const OfflineOpenedPage = lazy(() => import("./features/session/OfflineOpenedPage"));
const PhonePage = lazy(() => import("./features/phone/PhonePage"));
const BadgeLinkPage = lazy(() => import("./features/badgeLink/BadgeLinkPage"));

export function App() {
  const [provisioning, setProvisioning] = useState<Provisioning | null | "loading">("loading");
  useEffect(() => {
    void loadProvisioning().then(setProvisioning, () => setProvisioning(null));
  }, []);
  const reset = useCallback(() => {
    void forgetProvisioning().then(() => setProvisioning(null));
  }, []);

  if (provisioning === "loading") return <PageLoader />;
  // basename "/kiosk/", not "/kiosk": the idle screen's URL stays inside the service worker's scope (/kiosk/).
  return (
    <BrowserRouter basename="/kiosk/">
      <Suspense fallback={<PageLoader />}>
        {provisioning === null ? (
          <SetupPage onProvisioned={setProvisioning} />
        ) : (
          <KioskProvider provisioning={provisioning} reset={reset}>
            <KioskFrame>
              <Suspense fallback={<PageLoader />}>
                <Routes>
                  <Route path="/" element={<IdlePage />} />
                  <Route path="/session/:id" element={<SessionPage />} />
                  <Route path="/opened-offline" element={<OfflineOpenedPage />} />
                  <Route path="/phone" element={<PhonePage />} />
                  <Route path="/link-badge" element={<BadgeLinkPage />} />
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Routes>
              </Suspense>
            </KioskFrame>
          </KioskProvider>
        )}
      </Suspense>
    </BrowserRouter>
  );
}
