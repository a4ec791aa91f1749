import { useEffect, useId, useRef } from 'react';
import type { StatisticsView } from '../api.ts';
import { locale, useI18n } from '../i18n.ts';

/** Colours of the stacked series (each at least 3:1 against white), and of "others". */
const COLOURS = ['#0059b3', '#008139', '#a14b00', '#6a2c91', '#b0174f', '#00707a'];
const OTHERS = '#5c5c5c';
/** How many rows get their own colour; the rest are stacked together as "others". */
const SERIES = 5;

export interface ChartSeries { label: string; counts: number[]; colour: string }

/** The largest rows as their own series, the rest summed as one more. */
export function seriesOf(view: StatisticsView, label: (row: StatisticsView['rows'][number]) => string, others: string): ChartSeries[] {
  const own = view.rows.slice(0, view.rows.length > SERIES + 1 ? SERIES : SERIES + 1);
  const series = own.map((row, i) => ({ label: label(row), counts: row.counts, colour: COLOURS[i]! }));
  const rest = view.rows.slice(own.length);
  if (rest.length > 0) series.push({ label: others, counts: view.months.map((_, i) => rest.reduce((sum, r) => sum + r.counts[i]!, 0)), colour: OTHERS });
  return series;
}

/** A round upper end for the axis and its step: 1, 2 or 5 times a power of ten. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step: Math.max(1, step) };
}

/**
 * The letters per month as stacked bars: an inline SVG (no chart library) with a title and a text
 * alternative (every month's total), and a legend. The table beside it has every figure.
 */
export function StatisticsChart({ view, series, title, monthLabel, shortMonth }: {
  view: StatisticsView;
  series: ChartSeries[];
  title: string;
  monthLabel: (month: string) => string;
  shortMonth: (month: string) => string;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const number = new Intl.NumberFormat(locale(lang));
  const compact = new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  const slot = 34;
  const left = 52;
  const top = 16;
  const plot = 180;
  const width = left + Math.max(8, view.months.length) * slot + 8;
  const height = top + plot + 40;
  const { top: axisTop, step } = axis(Math.max(0, ...view.totals));
  const y = (value: number) => top + plot - (value / axisTop) * plot;
  const ticks: number[] = [];
  for (let v = 0; v <= axisTop; v += step) ticks.push(v);
  const description = view.months.map((m, i) => `${monthLabel(m)}: ${number.format(view.totals[i]!)}`).join('; ');
  // on a narrow screen the latest months are the ones in view
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => { if (box.current) box.current.scrollLeft = box.current.scrollWidth; }, [view]);

  return (
    <div className="kuvert-stats-chart">
      {/* never smaller than its own size (the text stays readable): on a narrow screen the box scrolls sideways */}
      <div ref={box} role="region" aria-label={t('stats.chartRegion', { title })} tabIndex={0} style={{ overflowX: 'auto', position: 'relative' }}>
        <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`}
          style={{ display: 'block', width: '100%', maxWidth: `${Math.round(width * 1.6)}px`, minWidth: `${width}px`, height: 'auto' }}>
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {ticks.map((v) => (
            <g key={v}>
              <line x1={left} x2={width - 4} y1={y(v)} y2={y(v)} stroke={v === 0 ? '#1a1a1a' : '#d0d0d0'} strokeWidth={1} />
              <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize={11} fill="#1a1a1a">{number.format(v)}</text>
            </g>
          ))}
          {view.months.map((month, i) => {
            let base = 0;
            const x = left + i * slot + 6;
            return (
              <g key={month}>
                {series.map((s) => {
                  const value = s.counts[i]!;
                  if (value === 0) return null;
                  const y0 = y(base);
                  base += value;
                  return <rect key={s.label} x={x} width={slot - 12} y={y(base)} height={Math.max(0.5, y0 - y(base))} fill={s.colour} />;
                })}
                {view.totals[i]! > 0 && (
                  <text x={x + (slot - 12) / 2} y={y(view.totals[i]!) - 3} textAnchor="middle" fontSize={9} fill="#1a1a1a">{compact.format(view.totals[i]!)}</text>
                )}
                <text x={x + (slot - 12) / 2} y={top + plot + 14} textAnchor="middle" fontSize={10} fill="#1a1a1a">{shortMonth(month).split(' ')[0]}</text>
                {(i === 0 || month.endsWith('-01')) && (
                  <text x={x + (slot - 12) / 2} y={top + plot + 28} textAnchor="middle" fontSize={10} fill="#1a1a1a">{month.slice(0, 4)}</text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <ul className="unstyled-list kuvert-stats-legend" aria-label={t('stats.chartLegend')} style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', marginTop: 8 }}>
        {series.map((s) => (
          <li key={s.label} style={{ display: 'flex', alignItems: 'center', gap: 6, maxWidth: '100%', overflowWrap: 'anywhere' }}>
            <span aria-hidden="true" style={{ display: 'inline-block', flex: 'none', width: 14, height: 14, background: s.colour }} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
