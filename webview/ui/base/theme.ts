// The colours the charts draw with, read from the page's CSS so that they follow VS Code's
// light, dark and high-contrast themes (notebook.css maps the --vscode-* variables, with fallbacks).

export interface ChartTheme {
  series: string[];
  text: string;
  muted: string;
  grid: string;
  /** Marks what needs attention, such as the epoch where a leak was noticed. */
  warn: string;
  font: string;
  fontSize: number;
  tooltipBackground: string;
  tooltipText: string;
  tooltipBorder: string;
}

const SERIES_COUNT = 6;

/** Read on the body: the high-contrast overrides in notebook.css sit on its theme class. */
export function readChartTheme(root: HTMLElement = document.body): ChartTheme {
  const style = getComputedStyle(root);
  const read = (name: string) => style.getPropertyValue(`--descent-${name}`).trim();
  return {
    series: Array.from({ length: SERIES_COUNT }, (_, i) => read(`series-${i + 1}`)),
    text: read('fg'),
    muted: read('muted'),
    grid: read('grid'),
    warn: read('warn'),
    font: read('font'),
    fontSize: parseFloat(read('font-size')) || 13,
    tooltipBackground: read('hover-bg'),
    tooltipText: read('hover-fg'),
    tooltipBorder: read('hover-border'),
  };
}

/** Calls back whenever VS Code switches theme: it rewrites the body's class and the root's variables. */
export function onThemeChange(callback: () => void): void {
  const observer = new MutationObserver(callback);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
