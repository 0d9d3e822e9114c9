/**
 * Chart colours from the design tokens (--chart-1 … --chart-6, --text-muted, --border), read from
 * CSS so charts follow the light or dark theme; SVG attributes cannot use var() everywhere.
 */
import { useEffect, useState } from 'react';

export interface ChartColors {
  series: string[];
  text: string;
  grid: string;
  surface: string;
}

const fallback: ChartColors = {
  series: ['#4f46e5', '#0891b2', '#16a34a', '#d97706', '#dc2626', '#7c3aed'],
  text: '#4b5563',
  grid: '#d5dae1',
  surface: '#ffffff',
};

function read(): ChartColors {
  if (typeof window === 'undefined') return fallback;
  const style = getComputedStyle(document.documentElement);
  const token = (name: string, otherwise: string) => style.getPropertyValue(name).trim() || otherwise;
  return {
    series: fallback.series.map((color, index) => token(`--chart-${index + 1}`, color)),
    text: token('--text-muted', fallback.text),
    grid: token('--border', fallback.grid),
    surface: token('--surface', fallback.surface),
  };
}

/** The current theme's chart colours; updates when the system switches light/dark. */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const update = () => setColors(read());
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return colors;
}
