import {
  A,
  Navigate,
  type RouteDefinition,
  Router,
  type RouteSectionProps,
  useLocation,
  useNavigate,
} from "@solidjs/router";
import {
  type Component,
  createEffect,
  createSignal,
  For,
  type JSX,
  Match,
  on,
  type ParentProps,
  Show,
  Switch,
} from "solid-js";
import { Dynamic } from "solid-js/web";
import { Loading, ProblemAlert } from "./components/problem";
import { useUnreadCount } from "./data/notifications";
import { can, homeFor, type Permission, type Session, useSession, useSignOut } from "./data/session";
import { LOCALES, type Locale, locale, type MessageKey, setLocale, t } from "./i18n";
import { AcceptInvitationPage } from "./pages/auth/accept-invitation";
import { ChangePasswordPage } from "./pages/auth/change-password";
import { ConfirmEmailPage } from "./pages/auth/confirm-email";
import { ForgotPasswordPage } from "./pages/auth/forgot-password";
import { ResetPasswordPage } from "./pages/auth/reset-password";
import { SignInPage } from "./pages/auth/sign-in";
import { HomePage } from "./pages/home";
import { NotFoundPage } from "./pages/not-found";
import { EditProfilePage } from "./pages/partners/edit-profile";
import { OwnProfilePage } from "./pages/partners/own-profile";
import { PartnerDetailPage } from "./pages/partners/partner-detail";
import { PartnerListPage } from "./pages/partners/partner-list";
import { RegisterPage } from "./pages/registration/register";

/** A page; the signed-in ones are given the session. */
type Page = Component<{ session: Session }>;

/**
 * Pages most people never open (staff tools, agreements, reports, dashboards with Chart.js) are
 * loaded on first visit, so the first page of the portal stays small. Not Solid's `lazy`: that
 * wants a Suspense boundary, and under one every query read would suspend the whole page.
 */
const page = (load: () => Promise<Record<string, unknown>>, name: string): Page => {
  let loaded: Page | undefined;
  return (props) => {
    const [component, setComponent] = createSignal<Page | undefined>(loaded);
    const [error, setError] = createSignal<unknown>();
    if (!loaded) {
      load().then(
        (module) => {
          loaded = module[name] as Page;
          setComponent(() => loaded);
        },
        (e) => setError(e),
      );
    }
    return (
      <Switch fallback={<Loading />}>
        <Match when={component()}>{(c) => <Dynamic component={c()} {...props} />}</Match>
        <Match when={error()}>
          <ProblemAlert error={error()} />
        </Match>
      </Switch>
    );
  };
};

const ReferralListPage = page(() => import("./pages/referrals/referral-list"), "ReferralListPage");
const NewReferralPage = page(() => import("./pages/referrals/new-referral"), "NewReferralPage");
const ReferralDetailPage = page(() => import("./pages/referrals/referral-detail"), "ReferralDetailPage");
const ReferralSlaPage = page(() => import("./pages/referrals/sla"), "ReferralSlaPage");
const UsersPage = page(() => import("./pages/users/users"), "UsersPage");
const NotificationsPage = page(() => import("./pages/notifications/notifications"), "NotificationsPage");
const PreferencesPage = page(() => import("./pages/notifications/preferences"), "PreferencesPage");
const ProgramListPage = page(() => import("./pages/programs/program-list"), "ProgramListPage");
const NewProgramPage = page(() => import("./pages/programs/new-program"), "NewProgramPage");
const ProgramDetailPage = page(() => import("./pages/programs/program-detail"), "ProgramDetailPage");
const EndpointDetailPage = page(() => import("./pages/programs/endpoint-detail"), "EndpointDetailPage");
const DeliveryDetailPage = page(() => import("./pages/programs/delivery-detail"), "DeliveryDetailPage");
const AgreementListPage = page(() => import("./pages/agreements/agreement-list"), "AgreementListPage");
const NewAgreementPage = page(() => import("./pages/agreements/new-agreement"), "NewAgreementPage");
const EditAgreementPage = page(() => import("./pages/agreements/edit-agreement"), "EditAgreementPage");
const AgreementDetailPage = page(() => import("./pages/agreements/agreement-detail"), "AgreementDetailPage");
const ReportListPage = page(() => import("./pages/reports/report-list"), "ReportListPage");
const ReportDetailPage = page(() => import("./pages/reports/report-detail"), "ReportDetailPage");
const ReviewQueuePage = page(() => import("./pages/reports/review-queue"), "ReviewQueuePage");
const DashboardPage = page(() => import("./pages/dashboard/dashboard"), "DashboardPage");

/**
 * Every page with who may open it: `public` pages need nobody signed in, `signedIn` any user,
 * a permission that one (the API still decides each request). The navigation is drawn from the
 * entries with a `nav` label, in this order.
 */
const ROUTES: {
  path: string;
  page: Page;
  access: "public" | "signedIn" | Permission;
  nav?: MessageKey;
}[] = [
  { path: "/", page: HomePage, access: "public" },
  { path: "/sign-in", page: SignInPage, access: "public" },
  { path: "/register", page: RegisterPage, access: "public" },
  { path: "/invitation", page: AcceptInvitationPage, access: "public" },
  { path: "/forgot-password", page: ForgotPasswordPage, access: "public" },
  { path: "/reset-password", page: ResetPasswordPage, access: "public" },
  { path: "/confirm-email", page: ConfirmEmailPage, access: "public" },
  { path: "/partners", page: PartnerListPage, access: "partner.list", nav: "nav.partners" },
  { path: "/partners/:id", page: PartnerDetailPage, access: "partner.list" },
  { path: "/profile", page: OwnProfilePage, access: "partner.own", nav: "nav.profile" },
  { path: "/profile/edit", page: EditProfilePage, access: "partner.update" },
  { path: "/referrals", page: ReferralListPage, access: "referral.list", nav: "nav.referrals" },
  { path: "/referrals/new", page: NewReferralPage, access: "referral.create" },
  { path: "/referrals/sla", page: ReferralSlaPage, access: "referral.sla", nav: "nav.referralSla" },
  { path: "/referrals/:id", page: ReferralDetailPage, access: "referral.read" },
  { path: "/agreements", page: AgreementListPage, access: "agreement.list", nav: "nav.agreements" },
  { path: "/agreements/new", page: NewAgreementPage, access: "agreement.create" },
  { path: "/agreements/:id/edit", page: EditAgreementPage, access: "agreement.edit" },
  { path: "/agreements/:id", page: AgreementDetailPage, access: "agreement.read" },
  { path: "/reports", page: ReportListPage, access: "report.list", nav: "nav.reports" },
  { path: "/reports/queue", page: ReviewQueuePage, access: "report.review", nav: "nav.reviewQueue" },
  { path: "/reports/:id", page: ReportDetailPage, access: "report.read" },
  { path: "/dashboard", page: DashboardPage, access: "dashboard.read", nav: "nav.dashboard" },
  { path: "/programs", page: ProgramListPage, access: "integration.read", nav: "nav.programs" },
  { path: "/programs/new", page: NewProgramPage, access: "program.manage" },
  { path: "/programs/:id", page: ProgramDetailPage, access: "integration.read" },
  { path: "/endpoints/:id", page: EndpointDetailPage, access: "integration.read" },
  { path: "/deliveries/:id", page: DeliveryDetailPage, access: "integration.read" },
  { path: "/users", page: UsersPage, access: "user.list", nav: "nav.users" },
  { path: "/notifications", page: NotificationsPage, access: "notification.list", nav: "nav.notifications" },
  { path: "/notifications/preferences", page: PreferencesPage, access: "notification.list" },
  { path: "/account/password", page: ChangePasswordPage, access: "signedIn", nav: "nav.password" },
];

const allowed = (session: Session, access: (typeof ROUTES)[number]["access"]) =>
  access === "public" || access === "signedIn" || can(session, access);

const LanguageSwitch = () => {
  const names: Record<Locale, string> = { id: "Bahasa Indonesia", en: "English" };
  return (
    <fieldset class="lang-switch">
      <legend class="sr-only">{t("lang.label")}</legend>
      <For each={LOCALES}>
        {(code) => (
          <button type="button" lang={code} aria-pressed={locale() === code} onClick={() => setLocale(code)}>
            {/* The visible code starts the accessible name (WCAG 2.5.3), the language's name follows. */}
            {code.toUpperCase()}
            <span class="sr-only"> {names[code]}</span>
          </button>
        )}
      </For>
    </fieldset>
  );
};

const NavLink = (props: ParentProps<{ href: string; end?: boolean }>) => (
  <A href={props.href} end={props.end} activeClass="active" class="nav-link">
    {props.children}
  </A>
);

const Header = () => {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const user = () => session.data ?? undefined;
  const unread = useUnreadCount(() => can(user(), "notification.list"));
  return (
    <header class="site-header">
      <div class="header-bar">
        <A href="/" class="brand">
          <span class="brand-mark" aria-hidden="true">
            A
          </span>
          <span>
            <span class="brand-name">{t("app.name")}</span>
            <span class="brand-sub">{t("app.ministry")}</span>
          </span>
        </A>
        <LanguageSwitch />
      </div>
      <nav class="main-nav" aria-label={t("nav.label")}>
        <Show
          when={user()}
          fallback={
            <ul>
              <li>
                <NavLink href="/sign-in">{t("nav.signIn")}</NavLink>
              </li>
              <li>
                <NavLink href="/register">{t("nav.register")}</NavLink>
              </li>
            </ul>
          }
        >
          {(s) => (
            <ul>
              <For each={ROUTES.filter((r) => r.nav && r.access !== "public" && allowed(s(), r.access))}>
                {(route) => (
                  <li>
                    <NavLink href={route.path}>
                      {route.nav ? t(route.nav) : ""}
                      <Show when={route.path === "/notifications" && unread.data?.unread}>
                        {(count) => (
                          <span class="badge count" data-testid="unread-count">
                            <span aria-hidden="true">{count()}</span>
                            <span class="sr-only">{t("notifications.unreadCount", { count: count() })}</span>
                          </span>
                        )}
                      </Show>
                    </NavLink>
                  </li>
                )}
              </For>
              <li class="nav-account">
                <span class="nav-user" data-testid="current-user">
                  {s().user.name}
                  <Show when={s().partner}>{(p) => <span class="muted"> · {p().name}</span>}</Show>
                </span>
                <button
                  type="button"
                  class="button link"
                  disabled={signOut.isPending}
                  onClick={() => signOut.mutate(undefined, { onSettled: () => navigate("/sign-in") })}
                >
                  {t("nav.signOut")}
                </button>
              </li>
            </ul>
          )}
        </Show>
      </nav>
    </header>
  );
};

/** Moves focus to the new page's heading after navigation, so screen readers announce it. */
const FocusOnNavigate = () => {
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => {
        requestAnimationFrame(() => {
          const heading = document.querySelector<HTMLElement>("main h1");
          if (heading) {
            heading.setAttribute("tabindex", "-1");
            heading.focus({ preventScroll: false });
          }
        });
      },
      { defer: true },
    ),
  );
  return null;
};

const Layout = (props: RouteSectionProps) => (
  <>
    <a class="skip-link" href="#main">
      {t("nav.skip")}
    </a>
    <Header />
    <main id="main" tabindex="-1">
      {props.children}
    </main>
    <footer class="site-footer">
      <p>{t("app.footer")}</p>
      <p>
        <a href="/docs">{t("app.apiDocs")}</a>
      </p>
    </footer>
    <FocusOnNavigate />
  </>
);

/** Renders children only for a signed-in user holding the permission; otherwise explains or redirects. */
export const Protected = (props: {
  permission?: Permission;
  children: (session: Session) => JSX.Element;
}) => {
  const session = useSession();
  const location = useLocation();
  const next = () => encodeURIComponent(location.pathname + location.search);
  return (
    <Switch>
      <Match when={session.isPending}>
        <Loading />
      </Match>
      <Match when={session.isError}>
        <ProblemAlert error={session.error} />
      </Match>
      <Match when={session.data === null}>
        <Navigate href={`/sign-in?next=${next()}`} />
      </Match>
      <Match when={session.data}>
        {(s) => (
          <Show
            when={!props.permission || can(s(), props.permission)}
            fallback={
              <section class="page">
                <h1>{t("forbidden.title")}</h1>
                <p>{t("forbidden.body")}</p>
                <A href={homeFor(s())}>{t("forbidden.home")}</A>
              </section>
            }
          >
            {props.children(s())}
          </Show>
        )}
      </Match>
    </Switch>
  );
};

/** The route table as @solidjs/router's definitions: protected pages wait for the session. */
const definitions: RouteDefinition[] = [
  ...ROUTES.map((route) => {
    const { path, page: Page, access } = route;
    return {
      path,
      component:
        access === "public"
          ? (Page as Component)
          : () => (
              <Protected permission={access === "signedIn" ? undefined : access}>
                {(s) => <Page session={s} />}
              </Protected>
            ),
    };
  }),
  { path: "*404", component: NotFoundPage },
];

export const App = () => <Router root={Layout}>{definitions}</Router>;
