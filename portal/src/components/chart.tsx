import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import { createEffect, onCleanup, onMount } from "solid-js";
import { formatNumber, t } from "../i18n";

// Only what the dashboards draw (Chart.js is tree-shaken to these).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export type BarSeries = { label: string; data: number[]; color: string };

const reducedMotion = () =>
  typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

/**
 * A bar chart drawn by Chart.js on a canvas, redrawn when its data or the language changes. The
 * canvas is an image to assistive technology, named by `title` and pointing to the data table
 * that carries the same figures (`tableId`): every chart has one.
 */
export const BarChart = (props: {
  title: string;
  labels: string[];
  series: BarSeries[];
  tableId: string;
  horizontal?: boolean;
  /** A suffix for values on the axis and in tooltips, e.g. "%". */
  unit?: string;
  height?: number;
  testid?: string;
}) => {
  let canvas: HTMLCanvasElement | undefined;
  let chart: Chart<"bar"> | undefined;
  const format = (value: number | string) => `${formatNumber(Number(value))}${props.unit ?? ""}`;

  const config = (): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: props.labels,
      datasets: props.series.map((s) => ({
        label: s.label,
        data: s.data,
        backgroundColor: s.color,
        borderColor: s.color,
        borderWidth: 1,
        maxBarThickness: 28,
      })),
    },
    options: {
      indexAxis: props.horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 300 },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: (item) =>
              `${item.dataset.label}: ${format(item.parsed[props.horizontal ? "x" : "y"] ?? 0)}`,
          },
        },
      },
      scales: {
        [props.horizontal ? "x" : "y"]: {
          beginAtZero: true,
          // Percentages are read against the whole: the axis goes to 100 at least.
          ...(props.unit === "%" ? { suggestedMax: 100 } : {}),
          ticks: { callback: (value: number | string) => format(value) },
        },
      },
    },
  });

  onMount(() => {
    if (canvas) chart = new Chart(canvas, config());
  });
  createEffect(() => {
    const next = config();
    if (!chart) return;
    chart.data = next.data;
    chart.options = next.options ?? {};
    chart.update();
  });
  onCleanup(() => chart?.destroy());

  return (
    <figure class="chart" data-testid={props.testid}>
      <div class="chart-canvas" style={{ height: `${props.height ?? 280}px` }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={t("chart.label", { title: props.title })}
          aria-describedby={props.tableId}
        >
          {t("chart.fallback")}
        </canvas>
      </div>
      <figcaption class="small muted">
        {props.title} · <a href={`#${props.tableId}`}>{t("chart.seeTable")}</a>
      </figcaption>
    </figure>
  );
};
