// The descent.* settings, read afresh when each run starts, so a change applies to the next run.
// Values a user mistyped fall back to the defaults that package.json declares.
import { BACKENDS, CHART_SCALES, type Backend, type ChartScale, type PanelSettings } from './protocol';

export const PANEL_COLUMNS = ['beside', 'active'] as const;
export type PanelColumn = (typeof PANEL_COLUMNS)[number];

export interface DescentSettings {
  defaultBackend: Backend;
  /** null: the scratch's own logEvery. */
  logEvery: number | null;
  /** null: runs have no time limit. */
  runTimeoutSeconds: number | null;
  chartScale: ChartScale;
  keptRuns: number;
  panelColumn: PanelColumn;
}

/** The part of a vscode.WorkspaceConfiguration that this module reads. */
export interface SettingsSource {
  get(key: string): unknown;
}

export const DEFAULT_KEPT_RUNS = 20;

export function readSettings(source: SettingsSource): DescentSettings {
  return {
    defaultBackend: oneOf(source.get('defaultBackend'), BACKENDS, 'webgl'),
    logEvery: positive(source.get('logEvery'), Math.round),
    runTimeoutSeconds: positive(source.get('runTimeoutSeconds'), (n) => n),
    chartScale: oneOf(source.get('chartScale'), CHART_SCALES, 'linear'),
    keptRuns: positive(source.get('keptRuns'), Math.round) ?? DEFAULT_KEPT_RUNS,
    panelColumn: oneOf(source.get('panelColumn'), PANEL_COLUMNS, 'beside'),
  };
}

/** What the panel and its trainer need of the settings. */
export function panelSettings(settings: DescentSettings): PanelSettings {
  return { logEvery: settings.logEvery, chartScale: settings.chartScale, keptRuns: settings.keptRuns };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((option) => option === value) ?? fallback;
}

/** The number made whole (or not) by `shape`, or null when it is missing, 0 or less. */
function positive(value: unknown, shape: (n: number) => number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const shaped = shape(value);
  return shaped > 0 ? shaped : null;
}
