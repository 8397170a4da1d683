import { createEffect, type JSX, Show } from "solid-js";
import { t } from "../i18n";

/** The page's h1 and the document title, both in the current language. */
export const PageHeading = (props: { title: string; lead?: JSX.Element; actions?: JSX.Element }) => {
  createEffect(() => {
    document.title = `${props.title} · ${t("app.name")}`;
  });
  return (
    <div class="page-heading">
      <div>
        <h1>{props.title}</h1>
        <Show when={props.lead}>
          <p class="lead">{props.lead}</p>
        </Show>
      </div>
      <Show when={props.actions}>
        <div class="page-actions">{props.actions}</div>
      </Show>
    </div>
  );
};
