import type { JSX } from "solid-js";
import { t } from "../i18n";

/**
 * A table wider than a phone: the region scrolls sideways, can be focused and scrolled with the
 * keyboard (axe: scrollable-region-focusable), is named for screen readers, and says on narrow
 * screens that more columns are to the side.
 */
export const ScrollRegion = (props: { label: string; children: JSX.Element }) => (
  <>
    <p class="scroll-hint small muted" aria-hidden="true">
      {t("common.scrollSideways")}
    </p>
    {/* A named section (a region landmark) that takes focus, so the keyboard can scroll it. */}
    <section class="table-scroll" aria-label={props.label} tabindex="0">
      {props.children}
    </section>
  </>
);
