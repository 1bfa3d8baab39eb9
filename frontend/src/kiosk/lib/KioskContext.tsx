import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { BrokerAccess } from "./offline/unlock";
import { useOfflineSync, type OfflineState } from "./offline/useOfflineSync";
import type { Cabinet, Provisioning } from "./provisioning";
import { $kiosk } from "./terminal";

interface Kiosk {
  provisioning: Provisioning;
  /** The cabinet as the API describes it now, or as it was at provisioning while the API is unreachable. */
  cabinet: Cabinet;
  broker: BrokerAccess | null;
  offline: OfflineState;
  /** Back to setup (the key and its cache forgotten). */
  reset: () => void;
}

const KioskContext = createContext<Kiosk | null>(null);

export function KioskProvider({ provisioning, reset, children }: { provisioning: Provisioning; reset: () => void; children: ReactNode }) {
  const offline = useOfflineSync(provisioning.terminalKey);
  const live = $kiosk.useQuery("get", "/api/terminal/cabinet/", {}, { refetchInterval: offline.online ? 30_000 : false, retry: false });
  const cabinet = live.data ?? provisioning.cabinet;
  const value = useMemo(
    () => ({ provisioning, cabinet, broker: offline.broker, offline, reset }),
    [provisioning, cabinet, offline, reset],
  );
  return <KioskContext.Provider value={value}>{children}</KioskContext.Provider>;
}

export function useKiosk(): Kiosk {
  const kiosk = useContext(KioskContext);
  if (!kiosk) throw new Error("useKiosk outside KioskProvider");
  return kiosk;
}
