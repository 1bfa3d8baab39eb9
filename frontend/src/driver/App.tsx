import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { PageLoader } from "../shared/ui/PageLoader";
import { RequireAuth } from "./lib/RequireAuth";
import { DriverShell } from "./lib/DriverShell";
import { NotFoundPage } from "./lib/NotFoundPage";

// One chunk per screen: the first screen downloads only what it shows.
const LoginPage = lazy(() => import("./features/auth/LoginPage"));
const RegisterPage = lazy(() => import("./features/auth/RegisterPage"));
const ForgotPasswordPage = lazy(() => import("./features/auth/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("./features/auth/ResetPasswordPage"));
const DashboardPage = lazy(() => import("./features/dashboard/DashboardPage"));
const StationsPage = lazy(() => import("./features/stations/StationsPage"));
const BookingPage = lazy(() => import("./features/booking/BookingPage"));
const ReservationsPage = lazy(() => import("./features/reservations/ReservationsPage"));
const BadgesPage = lazy(() => import("./features/badges/BadgesPage"));
const PairingPage = lazy(() => import("./features/pairing/PairingPage"));
const AccountPage = lazy(() => import("./features/account/AccountPage"));
const HistoryPage = lazy(() => import("./features/history/HistoryPage"));
const LegalPage = lazy(() => import("./features/legal/LegalPage"));

export function App() {
  return (
    <BrowserRouter>
      <DriverShell>
        <Suspense fallback={<PageLoader />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            <Route path="/terms" element={<LegalPage text="terms" />} />
            <Route path="/privacy" element={<LegalPage text="privacy" />} />
            <Route element={<RequireAuth />}>
              <Route path="/" element={<DashboardPage />} />
              <Route path="/stations" element={<StationsPage />} />
              <Route path="/book" element={<BookingPage />} />
              <Route path="/reservations" element={<ReservationsPage />} />
              <Route path="/badges" element={<BadgesPage />} />
              <Route path="/mobile-sessions/:token" element={<PairingPage />} />
              <Route path="/account" element={<AccountPage />} />
              <Route path="/history" element={<HistoryPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </DriverShell>
    </BrowserRouter>
  );
}
