import { A } from "@solidjs/router";
import { PageHeading } from "../components/page";
import { t } from "../i18n";

export const NotFoundPage = () => (
  <section class="page">
    <PageHeading title={t("notFound.title")} lead={t("notFound.body")} />
    <A href="/">{t("notFound.home")}</A>
  </section>
);
