// A horizontal bar chart drawn as SVG, for reports: one bar per item with its
// label above and its value beside it. The figure is one image to assistive
// technology (its name says every value); the page shows the same numbers in
// a data table beside it, which is where they are read and compared. No
// chart library: a few rectangles do not need one (root README, 差勤統計報表).

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The value as people read it (`1日2小時`). */
  text: string;
}

const WIDTH = 320;
const ROW = 40;
const LABEL = 14;
const BAR = 14;
/** Room right of the longest bar for its value. */
const VALUE_ROOM = 96;

export function BarChart({ id, caption, bars }: { id: string; caption: string; bars: readonly Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  const summary = `${caption}：${bars.map((b) => `${b.label} ${b.text}`).join('、')}`;
  return (
    <figure className="bar-chart" id={id}>
      <figcaption>{caption}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summary} focusable="false">
        {bars.map((b, i) => {
          const y = i * ROW;
          const width = Math.max(b.value > 0 ? 2 : 0, ((WIDTH - VALUE_ROOM) * b.value) / max);
          return (
            <g key={b.key} aria-hidden="true">
              <text x={0} y={y + LABEL} className="bar-label">
                {b.label}
              </text>
              <rect x={0} y={y + LABEL + 6} width={width} height={BAR} rx={2} className={`bar bar-${i % 4}`} />
              <text x={width + 6} y={y + LABEL + 6 + BAR - 2} className="bar-value">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
