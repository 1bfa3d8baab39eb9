import "leaflet/dist/leaflet.css";
import { Box } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CircleMarker, MapContainer, Popup, TileLayer } from "react-leaflet";
import { Link } from "react-router";
import type { components } from "../../../shared/api/schema";
import { pageSetting } from "../../../shared/config";

type Station = components["schemas"]["CatalogStation"];

/** The stations with coordinates on a map; tiles come from the deployment's `MAP_TILE_URL`, if any. */
export default function StationsMap({ stations }: { stations: Station[] }) {
  const { t } = useTranslation();
  const placed = stations.filter((s) => s.latitude !== null && s.longitude !== null && s.latitude !== undefined && s.longitude !== undefined);
  if (placed.length === 0) return null;
  const points = placed.map((s) => [Number(s.latitude), Number(s.longitude)] as [number, number]);
  const tiles = pageSetting("map-tile-url");
  return (
    <Box h={260} style={{ borderRadius: 8, overflow: "hidden" }} aria-label={t("stations.map")} role="region">
      <MapContainer bounds={points} boundsOptions={{ padding: [30, 30], maxZoom: 14 }} style={{ height: "100%" }} scrollWheelZoom={false}>
        {tiles && <TileLayer url={tiles} attribution={pageSetting("map-attribution")} />}
        {placed.map((station, index) => (
          <CircleMarker key={station.id_station} center={points[index] ?? [0, 0]} radius={9} pathOptions={{ color: "#0ca678", fillOpacity: 0.8 }}>
            <Popup>
              <strong>{station.nom}</strong>
              <br />
              <Link to={`/book?station=${station.id_station}`}>{t("stations.book")}</Link>
            </Popup>
          </CircleMarker>
        ))}
      </MapContainer>
    </Box>
  );
}
