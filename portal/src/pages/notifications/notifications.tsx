import { renderNotification } from "@atensi/contracts";
import { A } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { type Notification, useMarkAllRead, useMarkRead, useNotifications } from "../../data/notifications";
import { formatDateTime, locale, t } from "../../i18n";

/** A notification in the reader's language, from the same catalogue the e-mails are written from. */
const told = (n: Notification) => renderNotification(locale(), n.kind, n.params);

/** The signed-in user's own inbox: unread first in weight, marked read when opened or all at once. */
export const NotificationsPage = () => {
  const [unreadOnly, setUnreadOnly] = createSignal(false);
  const list = useNotifications(unreadOnly);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = () => list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section class="page">
      <PageHeading title={t("notifications.title")} lead={t("notifications.lead")} />
      <div class="toolbar button-row">
        <label class="checkbox">
          <input
            type="checkbox"
            checked={unreadOnly()}
            onChange={(e) => setUnreadOnly(e.currentTarget.checked)}
          />{" "}
          {t("notifications.unreadOnly")}
        </label>
        <button
          type="button"
          class="button small"
          disabled={markAll.isPending}
          aria-busy={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {t("notifications.markAllRead")}
        </button>
        <A href="/notifications/preferences">{t("notifications.preferences")}</A>
      </div>
      <ProblemAlert error={markAll.error ?? markRead.error} />
      <Switch>
        <Match when={list.isPending}>
          <Loading />
        </Match>
        <Match when={list.isError && !list.data}>
          <ProblemAlert error={list.error}>
            <button type="button" class="button" onClick={() => void list.refetch()}>
              {t("common.retry")}
            </button>
          </ProblemAlert>
        </Match>
        <Match when={items().length === 0}>
          <p class="empty card">{t("notifications.empty")}</p>
        </Match>
        <Match when={true}>
          <ul class="notification-list" data-testid="notifications">
            <For each={items()}>
              {(n) => (
                <li class={n.read ? "card" : "card unread"} data-unread={n.read ? undefined : "true"}>
                  <div class="timeline-head">
                    <strong>
                      <Show when={!n.read}>
                        <span class="badge">{t("notifications.new")}</span>{" "}
                      </Show>
                      {told(n).title}
                    </strong>
                    <time datetime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                  </div>
                  <p>{told(n).body}</p>
                  <div class="button-row">
                    <Show when={n.link?.startsWith("/") ? n.link : undefined}>
                      {(link) => (
                        <A href={link()} onClick={() => !n.read && markRead.mutate(n.id)}>
                          {t("notifications.open")}
                        </A>
                      )}
                    </Show>
                    <Show when={!n.read}>
                      <button
                        type="button"
                        class="button small link"
                        disabled={markRead.isPending && markRead.variables === n.id}
                        onClick={() => markRead.mutate(n.id)}
                      >
                        {t("notifications.markRead")}
                        <span class="sr-only"> {told(n).title}</span>
                      </button>
                    </Show>
                  </div>
                </li>
              )}
            </For>
          </ul>
          <Show when={list.hasNextPage}>
            <div class="load-more">
              <button
                type="button"
                class="button"
                disabled={list.isFetchingNextPage}
                aria-busy={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {list.isFetchingNextPage ? t("common.loading") : t("partners.loadMore")}
              </button>
            </div>
          </Show>
        </Match>
      </Switch>
    </section>
  );
};
