// The descent.* settings, read afresh when each run starts, so a change applies to the next run.
// Values a user mistyped fall back to the defaults that package.json declares (SETTINGS).
import type { PanelSettings } from './protocol';
import { SETTINGS, type Backend, type ChartScale, type PanelColumn } from './vocabulary';

export type { PanelColumn } from './vocabulary';

export interface DescentSettings {
  defaultBackend: Backend;
  /** null: the scratch's own logEvery. */
  logEvery: number | null;
  /** null: runs have no time limit. */
  runTimeoutSeconds: number | null;
  chartScale: ChartScale;
  keptRuns: number;
  panelColumn: PanelColumn;
  figures: boolean;
  inlineResults: boolean;
}

/** The part of a vscode.WorkspaceConfiguration that this module reads. */
export interface SettingsSource {
  get(key: string): unknown;
}

export const DEFAULT_KEPT_RUNS = SETTINGS.keptRuns.default;

export function readSettings(source: SettingsSource): DescentSettings {
  return {
    defaultBackend: oneOf(source.get('defaultBackend'), SETTINGS.defaultBackend),
    logEvery: positive(source.get('logEvery'), SETTINGS.logEvery),
    runTimeoutSeconds: positive(source.get('runTimeoutSeconds'), SETTINGS.runTimeoutSeconds),
    chartScale: oneOf(source.get('chartScale'), SETTINGS.chartScale),
    keptRuns: positive(source.get('keptRuns'), SETTINGS.keptRuns) ?? DEFAULT_KEPT_RUNS,
    panelColumn: oneOf(source.get('panelColumn'), SETTINGS.panelColumn),
    figures: flag(source.get('figures'), SETTINGS.figures),
    inlineResults: flag(source.get('inlineResults'), SETTINGS.inlineResults),
  };
}

/** What the panel and its trainer need of the settings. */
export function panelSettings(settings: DescentSettings): PanelSettings {
  return { logEvery: settings.logEvery, chartScale: settings.chartScale, keptRuns: settings.keptRuns, figures: settings.figures };
}

function oneOf<T extends string>(value: unknown, setting: { enum: readonly T[]; default: T }): T {
  return setting.enum.find((option) => option === value) ?? setting.default;
}

function flag(value: unknown, setting: { default: boolean }): boolean {
  return typeof value === 'boolean' ? value : setting.default;
}

/** The number (rounded for an integer setting), or null when it is missing, 0 or less. */
function positive(value: unknown, setting: { type: 'integer' | 'number' }): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const shaped = setting.type === 'integer' ? Math.round(value) : value;
  return shaped > 0 ? shaped : null;
}
