import { lazy, Suspense, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { PageLoader } from "../shared/ui/PageLoader";
import { useActor } from "./lib/actor";
import { NotFoundPage } from "./lib/NotFoundPage";
import { canSee, type ConsoleArea } from "./lib/permissions";
import { RequireArea } from "./lib/RequireArea";
import { RequireConsole } from "./lib/RequireConsole";

// One chunk per screen: the first screen downloads only what it shows.
const LoginPage = lazy(() => import("./features/auth/LoginPage"));
const OverviewPage = lazy(() => import("./features/overview/OverviewPage"));
const SupervisionPage = lazy(() => import("./features/supervision/SupervisionPage"));
const NetworkPage = lazy(() => import("./features/network/NetworkPage"));
const FirmwarePage = lazy(() => import("./features/firmware/FirmwarePage"));
const UsersPage = lazy(() => import("./features/users/UsersPage"));
const UserDetailPage = lazy(() => import("./features/users/UserDetailPage"));
const TechniciansPage = lazy(() => import("./features/technicians/TechniciansPage"));
const MaintenancePage = lazy(() => import("./features/maintenance/MaintenancePage"));
const ActivityPage = lazy(() => import("./features/activity/ActivityPage"));

function area(name: ConsoleArea, page: ReactNode) {
  return <RequireArea area={name}>{page}</RequireArea>;
}

/** The first screen: the overview for staff, supervision for a technician. */
function Home() {
  const actor = useActor();
  return canSee(actor, "overview") ? <OverviewPage /> : <Navigate to="/supervision" replace />;
}

export function App() {
  return (
    <BrowserRouter basename="/console">
      <Suspense fallback={<PageLoader />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<RequireConsole />}>
            <Route path="/" element={<Home />} />
            <Route path="/supervision" element={area("supervision", <SupervisionPage />)} />
            <Route path="/network" element={area("network", <NetworkPage />)} />
            <Route path="/firmware" element={area("firmware", <FirmwarePage />)} />
            <Route path="/users" element={area("users", <UsersPage />)} />
            <Route path="/users/:id" element={area("users", <UserDetailPage />)} />
            <Route path="/technicians" element={area("technicians", <TechniciansPage />)} />
            <Route path="/maintenance" element={area("maintenance", <MaintenancePage />)} />
            <Route path="/activity" element={area("activity", <ActivityPage />)} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
