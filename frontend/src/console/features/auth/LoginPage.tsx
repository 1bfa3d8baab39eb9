import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { LoginForm } from "../../../shared/ui/LoginForm";
import { nextPath } from "../../lib/RequireConsole";

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <main style={{ padding: 16, paddingTop: 64 }}>
      <LoginForm title={t("shell.loginTitle")} onSignedIn={() => void navigate(nextPath(location.search), { replace: true })} />
    </main>
  );
}
