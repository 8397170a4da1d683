import {
  A,
  Navigate,
  Route,
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
import { can, homeFor, type Permission, type Session, useSession, useSignOut } from "./data/session";
import { LOCALES, type Locale, locale, setLocale, t } from "./i18n";
import { AcceptInvitationPage } from "./pages/auth/accept-invitation";
import { ChangePasswordPage } from "./pages/auth/change-password";
import { SignInPage } from "./pages/auth/sign-in";
import { HomePage } from "./pages/home";
import { NotFoundPage } from "./pages/not-found";
import { EditProfilePage } from "./pages/partners/edit-profile";
import { OwnProfilePage } from "./pages/partners/own-profile";
import { PartnerDetailPage } from "./pages/partners/partner-detail";
import { PartnerListPage } from "./pages/partners/partner-list";
import { RegisterPage } from "./pages/registration/register";

/**
 * Pages most people never open (staff tools, agreements, reports, dashboards with Chart.js) are
 * loaded on first visit, so the first page of the portal stays small. Not Solid's `lazy`: that
 * wants a Suspense boundary, and under one every query read would suspend the whole page.
 */
const page = <P extends object>(load: () => Promise<Record<string, unknown>>, name: string): Component<P> => {
  let loaded: Component<P> | undefined;
  return (props: P) => {
    const [component, setComponent] = createSignal<Component<P> | undefined>(loaded);
    const [error, setError] = createSignal<unknown>();
    if (!loaded) {
      load().then(
        (module) => {
          loaded = module[name] as Component<P>;
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

const ReferralListPage = page<{ session: Session }>(
  () => import("./pages/referrals/referral-list"),
  "ReferralListPage",
);
const NewReferralPage = page(() => import("./pages/referrals/new-referral"), "NewReferralPage");
const ReferralDetailPage = page<{ session: Session }>(
  () => import("./pages/referrals/referral-detail"),
  "ReferralDetailPage",
);
const UsersPage = page<{ session: Session }>(() => import("./pages/users/users"), "UsersPage");
const NotificationsPage = page(() => import("./pages/notifications/notifications"), "NotificationsPage");
const ProgramListPage = page<{ session: Session }>(
  () => import("./pages/programs/program-list"),
  "ProgramListPage",
);
const NewProgramPage = page(() => import("./pages/programs/new-program"), "NewProgramPage");
const ProgramDetailPage = page<{ session: Session }>(
  () => import("./pages/programs/program-detail"),
  "ProgramDetailPage",
);
const EndpointDetailPage = page<{ session: Session }>(
  () => import("./pages/programs/endpoint-detail"),
  "EndpointDetailPage",
);
const DeliveryDetailPage = page<{ session: Session }>(
  () => import("./pages/programs/delivery-detail"),
  "DeliveryDetailPage",
);
const AgreementListPage = page<{ session: Session }>(
  () => import("./pages/agreements/agreement-list"),
  "AgreementListPage",
);
const NewAgreementPage = page(() => import("./pages/agreements/new-agreement"), "NewAgreementPage");
const EditAgreementPage = page(() => import("./pages/agreements/edit-agreement"), "EditAgreementPage");
const AgreementDetailPage = page<{ session: Session }>(
  () => import("./pages/agreements/agreement-detail"),
  "AgreementDetailPage",
);
const ReportListPage = page<{ session: Session }>(
  () => import("./pages/reports/report-list"),
  "ReportListPage",
);
const ReportDetailPage = page<{ session: Session }>(
  () => import("./pages/reports/report-detail"),
  "ReportDetailPage",
);
const DashboardPage = page(() => import("./pages/dashboard/dashboard"), "DashboardPage");

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
              <Show when={can(s(), "partner.list")}>
                <li>
                  <NavLink href="/partners">{t("nav.partners")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "partner.own")}>
                <li>
                  <NavLink href="/profile">{t("nav.profile")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "referral.list")}>
                <li>
                  <NavLink href="/referrals">{t("nav.referrals")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "agreement.list")}>
                <li>
                  <NavLink href="/agreements">{t("nav.agreements")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "report.list")}>
                <li>
                  <NavLink href="/reports">{t("nav.reports")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "dashboard.read")}>
                <li>
                  <NavLink href="/dashboard">{t("nav.dashboard")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "integration.read")}>
                <li>
                  <NavLink href="/programs">{t("nav.programs")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "user.list")}>
                <li>
                  <NavLink href="/users">{t("nav.users")}</NavLink>
                </li>
              </Show>
              <Show when={can(s(), "notification.list")}>
                <li>
                  <NavLink href="/notifications">{t("nav.notifications")}</NavLink>
                </li>
              </Show>
              <li>
                <NavLink href="/account/password">{t("nav.password")}</NavLink>
              </li>
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

export const App = () => (
  <Router root={Layout}>
    <Route path="/" component={HomePage} />
    <Route path="/sign-in" component={SignInPage} />
    <Route path="/register" component={RegisterPage} />
    <Route path="/invitation" component={AcceptInvitationPage} />
    <Route
      path="/partners"
      component={() => <Protected permission="partner.list">{() => <PartnerListPage />}</Protected>}
    />
    <Route
      path="/partners/:id"
      component={() => (
        <Protected permission="partner.list">{(s) => <PartnerDetailPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/profile"
      component={() => (
        <Protected permission="partner.own">{(s) => <OwnProfilePage session={s} />}</Protected>
      )}
    />
    <Route
      path="/profile/edit"
      component={() => <Protected permission="partner.update">{() => <EditProfilePage />}</Protected>}
    />
    <Route
      path="/users"
      component={() => <Protected permission="user.list">{(s) => <UsersPage session={s} />}</Protected>}
    />
    <Route
      path="/referrals"
      component={() => (
        <Protected permission="referral.list">{(s) => <ReferralListPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/referrals/new"
      component={() => <Protected permission="referral.create">{() => <NewReferralPage />}</Protected>}
    />
    <Route
      path="/referrals/:id"
      component={() => (
        <Protected permission="referral.read">{(s) => <ReferralDetailPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/programs"
      component={() => (
        <Protected permission="integration.read">{(s) => <ProgramListPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/programs/new"
      component={() => <Protected permission="program.manage">{() => <NewProgramPage />}</Protected>}
    />
    <Route
      path="/programs/:id"
      component={() => (
        <Protected permission="integration.read">{(s) => <ProgramDetailPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/endpoints/:id"
      component={() => (
        <Protected permission="integration.read">{(s) => <EndpointDetailPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/deliveries/:id"
      component={() => (
        <Protected permission="integration.read">{(s) => <DeliveryDetailPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/notifications"
      component={() => <Protected permission="notification.list">{() => <NotificationsPage />}</Protected>}
    />
    <Route
      path="/agreements"
      component={() => (
        <Protected permission="agreement.list">{(s) => <AgreementListPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/agreements/new"
      component={() => <Protected permission="agreement.create">{() => <NewAgreementPage />}</Protected>}
    />
    <Route
      path="/agreements/:id/edit"
      component={() => <Protected permission="agreement.edit">{() => <EditAgreementPage />}</Protected>}
    />
    <Route
      path="/agreements/:id"
      component={() => (
        <Protected permission="agreement.read">{(s) => <AgreementDetailPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/reports"
      component={() => (
        <Protected permission="report.list">{(s) => <ReportListPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/reports/:id"
      component={() => (
        <Protected permission="report.read">{(s) => <ReportDetailPage session={s} />}</Protected>
      )}
    />
    <Route
      path="/dashboard"
      component={() => <Protected permission="dashboard.read">{() => <DashboardPage />}</Protected>}
    />
    <Route path="/account/password" component={() => <Protected>{() => <ChangePasswordPage />}</Protected>} />
    <Route path="*404" component={NotFoundPage} />
  </Router>
);
