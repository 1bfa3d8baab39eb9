import { Anchor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { LoginForm } from "../../../shared/ui/LoginForm";
import { nextPath } from "../../lib/RequireAuth";

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <LoginForm
      onSignedIn={() => void navigate(nextPath(location.search), { replace: true })}
      footer={
        <>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t("auth.forgot")}
          </Anchor>
          <Anchor component={Link} to={`/register${location.search}`} size="sm">
            {t("auth.noAccount")}
          </Anchor>
        </>
      }
    />
  );
}
