import type { HistogramBin } from "../api";
import { formatNumber } from "../format";

const WIDTH = 120;
const HEIGHT = 32;

/** A column's distribution as plain bars, one per bin; each bar's title names its range. */
export function Histogram({ bins, locale, label }: { bins: HistogramBin[]; locale: string; label: string }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const barWidth = WIDTH / Math.max(1, bins.length);
  return (
    <svg
      className="histogram"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH.toString()} ${HEIGHT.toString()}`}
      role="img"
      aria-label={label}
    >
      {bins.map((bin, i) => {
        const height = Math.max(bin.count > 0 ? 1 : 0, (bin.count / max) * HEIGHT);
        return (
          <rect
            key={i}
            x={i * barWidth + 0.5}
            y={HEIGHT - height}
            width={Math.max(1, barWidth - 1)}
            height={height}
          >
            <title>{`${formatNumber(bin.lower, locale, 2)} – ${formatNumber(bin.upper, locale, 2)}: ${formatNumber(bin.count, locale)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
