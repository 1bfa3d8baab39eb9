import "../shared/ui/allStyles";
import { renderComingSoon } from "../shared/ui/ComingSoonApp";
import { kioskStrings } from "./i18n";

renderComingSoon("kiosk", kioskStrings);
