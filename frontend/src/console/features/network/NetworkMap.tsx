import "leaflet/dist/leaflet.css";
import { Box } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CircleMarker, MapContainer, Popup, TileLayer } from "react-leaflet";
import type { components } from "../../../shared/api/schema";
import { pageSetting } from "../../../shared/config";

type Station = components["schemas"]["Station"];
const COLORS: Record<string, string> = { active: "#0ca678", maintenance: "#f08c00", inactive: "#868e96" };

/** The stations with coordinates on a map, coloured by status; tiles from the deployment's `MAP_TILE_URL`. */
export default function NetworkMap({ stations }: { stations: Station[] }) {
  const { t } = useTranslation();
  const placed = stations.filter((s) => s.latitude && s.longitude);
  if (placed.length === 0) return null;
  const points = placed.map((s) => [Number(s.latitude), Number(s.longitude)] as [number, number]);
  const tiles = pageSetting("map-tile-url");
  return (
    // `isolation`: Leaflet's panes and controls (z-index 400 to 1000) stay inside the map, under the modals
    <Box h={280} style={{ borderRadius: 8, overflow: "hidden", isolation: "isolate" }} aria-label={t("network.map")} role="region">
      <MapContainer bounds={points} boundsOptions={{ padding: [30, 30], maxZoom: 14 }} style={{ height: "100%" }} scrollWheelZoom={false}>
        {tiles && <TileLayer url={tiles} attribution={pageSetting("map-attribution")} />}
        {placed.map((station, index) => (
          <CircleMarker key={station.id_station} center={points[index] ?? [0, 0]} radius={9} pathOptions={{ color: COLORS[station.statut ?? "active"], fillOpacity: 0.8 }}>
            <Popup>
              <strong>{station.nom}</strong>
              <br />
              {station.localisation_text} · {t(`status.${station.statut ?? "active"}`)}
            </Popup>
          </CircleMarker>
        ))}
      </MapContainer>
    </Box>
  );
}
