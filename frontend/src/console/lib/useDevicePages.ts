import type { TFunction } from "i18next";
import { useState } from "react";
import { $api } from "../../shared/api/client";
import type { components } from "../../shared/api/schema";
import { idOrUndefined, pageQuery } from "./query";

type Device = components["schemas"]["DeviceAdmin"];

/**
 * The devices' list a page at a time, filtered by station and read again every `refetchMs` while the
 * screen is visible (the network's devices tab, the firmware screen). Choosing a station goes back to page 1.
 */
export function useDevicePages(refetchMs: number) {
  const [station, setStation] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const devices = $api.useQuery(
    "get", "/api/admin/devices/", { params: { query: pageQuery({ station: idOrUndefined(station) }, page) } },
    { refetchInterval: refetchMs, refetchIntervalInBackground: false },
  );
  const chooseStation = (value: string | null) => {
    setStation(value);
    setPage(1);
  };
  return { station, chooseStation, page, setPage, devices };
}

/** Where a device is: its station, cabinet and bay. */
export function devicePlace(t: TFunction, device: Device): string {
  return t("shell.devicePlace", { station: device.station_nom, borne: device.borne_nom || device.borne_numero, bay: device.emplacement_numero });
}
