import "../shared/ui/allStyles";
import { renderComingSoon } from "../shared/ui/ComingSoonApp";
import { consoleStrings } from "./i18n";

renderComingSoon("console", consoleStrings);
