// The loss surface in 3-D, drawn on a 2-D canvas: a wireframe of the grid coloured by height, each
// run's path on it, turned by an azimuth and an elevation (an orthographic view, nothing to sort:
// lines need no depth order to read).
import type { Landscape } from '../../../src/shared/protocol';
import type { FigureView } from './figureView';
import type { Shader } from './lossShade';

export interface Turn {
  /** Around the vertical axis, in radians. */
  azimuth: number;
  /** Above the grid's plane, in radians: 0 from the side, π/2 from above. */
  elevation: number;
}

export const START_TURN: Turn = { azimuth: -0.6, elevation: 0.55 };
const ELEVATION_RANGE = [0.05, Math.PI / 2 - 0.02] as const;

export function turned(turn: Turn, dAzimuth: number, dElevation: number): Turn {
  const [low, high] = ELEVATION_RANGE;
  return { azimuth: turn.azimuth + dAzimuth, elevation: Math.min(high, Math.max(low, turn.elevation + dElevation)) };
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where a point of the grid (a value per variable) at a height (0…1) lands on the canvas. */
export function projector({ axes }: Landscape, box: Box, { azimuth, elevation }: Turn): (at: readonly number[], height: number) => [number, number] {
  const [across, up] = axes;
  const unit = (value: number, axis: readonly number[]) => (2 * (value - axis[0])) / (axis[axis.length - 1] - axis[0]) - 1;
  const scale = Math.min(box.width, box.height) / 3.1;
  const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
  const [cosA, sinA, cosE, sinE] = [Math.cos(azimuth), Math.sin(azimuth), Math.cos(elevation), Math.sin(elevation)];
  return (at, height) => {
    const [x, y, z] = [unit(at[0], across), unit(at[1], up), 1.2 * height - 0.6];
    const [xr, yr] = [x * cosA - y * sinA, x * sinA + y * cosA];
    return [cx + scale * xr, cy - scale * (z * cosE + yr * sinE)];
  };
}

/** Every other grid line each way, each segment in the colour of its height. */
export function drawWireframe(context: CanvasRenderingContext2D, landscape: Landscape, place: ReturnType<typeof projector>, shade: Shader): void {
  const [across, up] = landscape.axes;
  const heightAt = (i: number, j: number) => {
    const loss = landscape.loss[i * up.length + j];
    return loss === null ? null : shade.level(loss);
  };
  const segment = (i0: number, j0: number, i1: number, j1: number) => {
    const [h0, h1] = [heightAt(i0, j0), heightAt(i1, j1)];
    if (h0 === null || h1 === null) return;
    const [x0, y0] = place([across[i0], up[j0]], h0);
    const [x1, y1] = place([across[i1], up[j1]], h1);
    context.strokeStyle = shade.colour((h0 + h1) / 2);
    context.beginPath();
    context.moveTo(x0, y0);
    context.lineTo(x1, y1);
    context.stroke();
  };
  context.lineWidth = 1;
  for (let i = 0; i < across.length; i += 2) for (let j = 0; j + 1 < up.length; j++) segment(i, j, i, j + 1);
  for (let j = 0; j < up.length; j += 2) for (let i = 0; i + 1 < across.length; i++) segment(i, j, i + 1, j);
}

/** Each run's path at the height of its losses, a white halo under its colour. */
export function drawPaths3d(context: CanvasRenderingContext2D, view: FigureView, place: ReturnType<typeof projector>, shade: Shader, colourOf: (series: number) => string): void {
  context.lineJoin = 'round';
  for (const run of view.runs) {
    const pixels = run.points.map((point) => place(point.at, shade.level(point.loss)));
    for (const [stroke, width] of [['#ffffff', 4], [colourOf(run.series), 2]] as const) {
      context.strokeStyle = stroke;
      context.lineWidth = width;
      context.beginPath();
      pixels.forEach(([x, y], k) => (k === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      context.stroke();
    }
  }
}
