import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { type Notification, useNotifications } from "../../data/notifications";
import { formatDateTime, type MessageKey, t, tx } from "../../i18n";

const VERBS: Record<string, string> = {
  acknowledged: "acknowledge",
  accepted: "accept",
  rejected: "reject",
  enrolled: "enroll",
  closed: "close",
};

/** Agreement and report notices the portal tells in the reader's language (others stay as written). */
const TOLD_AGAIN: [RegExp, MessageKey][] = [
  [/^(.+) submitted "(.+)" for review$/, "notice.agreement.submitted"],
  [/^"(.+)" is recommended and waits for an approver$/, "notice.agreement.recommended"],
  [/^"(.+)" is approved as (\S+)$/, "notice.agreement.approved"],
  [/^"(.+)": changes requested(?: \((.*)\))?$/, "notice.agreement.changesRequested"],
  [/^"(.+)": rejected(?: \((.*)\))?$/, "notice.agreement.rejected"],
  [/^"(.+)" \((\S+)\) is now active$/, "notice.agreement.active"],
  [/^(.+) commented on "(.+)"$/, "notice.agreement.comment"],
  [/^(.+) submitted the (\S+) report( \(late\))?$/, "notice.report.submitted"],
  [/^The (\S+) report needs revision: (.*)$/, "notice.report.revision"],
  [/^The (\S+) report was accepted$/, "notice.report.accepted"],
  [/^The (\S+) report was reopened: (.*)$/, "notice.report.reopened"],
];

/**
 * A notification in the reader's language. The API writes its message in English for every
 * client; the kinds the portal knows are told again from their parts, others shown as they are.
 */
const messageOf = (n: Notification): { text: string; lang?: string } => {
  const answer = /^(\S+) (acknowledged|accepted|rejected|enrolled|closed) referral (ref_\w+)$/.exec(
    n.message,
  );
  if (n.kind.startsWith("referral.") && answer) {
    const [, code, verb] = answer;
    return {
      text: t("notification.referralAnswered", {
        code: code ?? "",
        action: tx(`timeline.action.referral.${VERBS[verb ?? ""]}`),
      }),
    };
  }
  const disabled = /^Webhook endpoint (\S+) was disabled: (.*)$/.exec(n.message);
  if (n.kind === "endpoint.disabled" && disabled) {
    return {
      text: t("notification.endpointDisabled", { url: disabled[1] ?? "", reason: disabled[2] ?? "" }),
    };
  }
  for (const [pattern, key] of TOLD_AGAIN) {
    const match = pattern.exec(n.message);
    if (match && n.kind.split(".")[0] === key.split(".")[1]) {
      const [, a = "", b = "", c = ""] = match;
      return { text: t(key, { a, b, c }) };
    }
  }
  return { text: n.message, lang: "en" };
};

/** The signed-in user's notifications: their LKS's, or Kemensos's for staff. */
export const NotificationsPage = () => {
  const list = useNotifications();
  return (
    <section class="page">
      <PageHeading title={t("notifications.title")} lead={t("notifications.lead")} />
      <InfiniteList query={list} empty={<p class="empty card">{t("notifications.empty")}</p>}>
        {(items) => (
          <>
            <ul class="notification-list" data-testid="notifications">
              <For each={items()}>
                {(n) => {
                  const message = () => messageOf(n);
                  return (
                    <li class="card">
                      <div class="timeline-head">
                        <strong>{tx(`notification.kind.${n.kind}`)}</strong>
                        <time datetime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                      </div>
                      <p lang={message().lang}>{message().text}</p>
                      <Show when={n.link?.startsWith("/") ? n.link : undefined}>
                        {(link) => <A href={link()}>{t("notifications.open")}</A>}
                      </Show>
                    </li>
                  );
                }}
              </For>
            </ul>
          </>
        )}
      </InfiniteList>
    </section>
  );
};
