import { For, Match, Show, Switch } from "solid-js";
import { AuditTrail } from "../../components/audit";
import type { Partner } from "../../data/partners";
import { usePartnerAudit } from "../../data/partners";
import { provinceName, regencyName } from "../../data/regions";
import { formatDate, formatDateTime, t, tx } from "../../i18n";

export const StatusBadge = (props: { status: string }) => (
  <span class={`badge badge-${props.status}`} data-testid="partner-status">
    {tx(`status.${props.status}`)}
  </span>
);

const DAY = 86_400_000;

/** 15-digit NPWP as it is printed on the card (99.999.999.9-999.999); the 16-digit form as is. */
export const formatNpwp = (npwp: string) =>
  /^\d{15}$/.test(npwp)
    ? `${npwp.slice(0, 2)}.${npwp.slice(2, 5)}.${npwp.slice(5, 8)}.${npwp[8]}-${npwp.slice(9, 12)}.${npwp.slice(12)}`
    : npwp;

/** Accreditation grade, validity, and a warning when it has lapsed or lapses within 90 days. */
export const AccreditationSummary = (props: { accreditation: Partner["accreditation"] }) => {
  const daysLeft = () =>
    Math.floor((Date.parse(`${props.accreditation.expiresOn}T00:00:00Z`) - Date.now()) / DAY);
  return (
    <div class="accreditation">
      <span class="grade" aria-hidden="true">
        {props.accreditation.grade}
      </span>
      <div>
        <p>
          <strong>{t("partner.gradeLabel", { grade: props.accreditation.grade })}</strong>
        </p>
        <p class="small">
          {t("partner.accreditedOn", { date: formatDate(props.accreditation.accreditedOn) })}
          {" · "}
          {t("partner.expiresOn", { date: formatDate(props.accreditation.expiresOn) })}
        </p>
        <Switch>
          <Match when={daysLeft() < 0}>
            <p class="badge badge-rejected">{t("partner.accreditationExpired")}</p>
          </Match>
          <Match when={daysLeft() <= 90}>
            <p class="badge badge-pending_verification">
              {t("partner.accreditationExpiring", { n: daysLeft() })}
            </p>
          </Match>
        </Switch>
      </div>
    </div>
  );
};

/** Everything an LKS registered, laid out as a description list. */
export const PartnerProfile = (props: { partner: Partner; hideAccreditation?: boolean }) => {
  const p = () => props.partner;
  return (
    <div class="profile">
      <section class="card" aria-labelledby="profile-institution">
        <h2 id="profile-institution">{t("register.sectionInstitution")}</h2>
        <dl class="details">
          <dt>{t("field.legalForm")}</dt>
          <dd>{tx(`legalForm.${p().legalForm}`)}</dd>
          <dt>{t("field.registrationNumber")}</dt>
          <dd>{p().registrationNumber}</dd>
          <dt>{t("field.npwp")}</dt>
          <dd>{p().npwp ? formatNpwp(p().npwp ?? "") : "—"}</dd>
          <dt>{t("field.region")}</dt>
          <dd>
            {regencyName(p().regencyCode)}, {provinceName(p().provinceCode)}
          </dd>
          <dt>{t("field.address")}</dt>
          <dd>{p().address}</dd>
          <dt>{t("field.registeredAt")}</dt>
          <dd>{formatDateTime(p().createdAt)}</dd>
        </dl>
      </section>
      <Show when={!props.hideAccreditation}>
        <section class="card" aria-labelledby="profile-accreditation">
          <h2 id="profile-accreditation">{t("register.sectionAccreditation")}</h2>
          <AccreditationSummary accreditation={p().accreditation} />
        </section>
      </Show>
      <section class="card" aria-labelledby="profile-services">
        <h2 id="profile-services">{t("register.sectionServices")}</h2>
        <h3>{t("field.clusters")}</h3>
        <ul class="tags">
          <For each={p().clusters}>{(c) => <li>{tx(`cluster.${c}`)}</li>}</For>
        </ul>
        <h3>{t("field.serviceBases")}</h3>
        <ul class="tags">
          <For each={p().serviceBases}>{(b) => <li>{tx(`base.${b}`)}</li>}</For>
        </ul>
      </section>
      <section class="card" aria-labelledby="profile-contacts">
        <h2 id="profile-contacts">{t("register.sectionContacts")}</h2>
        <ul class="contacts">
          <For each={p().contacts}>
            {(c) => (
              <li>
                <strong>{c.name}</strong>
                <Show when={c.position}>
                  <span class="muted"> · {c.position}</span>
                </Show>
                <br />
                <a href={`mailto:${c.email}`}>{c.email}</a> · <a href={`tel:${c.phone}`}>{c.phone}</a>
              </li>
            )}
          </For>
        </ul>
      </section>
    </div>
  );
};

/** The partner's audit trail, newest first, with the hash-chain verification result. */
export const AuditTimeline = (props: { partnerID: string }) => {
  const audit = usePartnerAudit(() => props.partnerID);
  return <AuditTrail query={audit} />;
};
