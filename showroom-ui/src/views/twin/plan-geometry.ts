/**
 * The plan frame is metric with y towards north (hardware/sites/*.yaml); SVG's y grows downwards.
 * The SVG viewBox is in metres, so everything on the plan is drawn to scale; only y is flipped.
 */

export interface PlanFrame {
  width: number;
  height: number;
}

/** Margin around the plan, in metres, for the scale bar, the north arrow and labels. */
export function planMargin(frame: PlanFrame): number {
  return Math.max(frame.width, frame.height) * 0.06;
}

export function viewBox(frame: PlanFrame): string {
  const margin = planMargin(frame);
  return `${-margin} ${-margin} ${frame.width + 2 * margin} ${frame.height + 2 * margin}`;
}

export function toSvgY(frame: PlanFrame, y: number): number {
  return frame.height - y;
}

export function polygonPoints(frame: PlanFrame, polygon: [number, number][]): string {
  return polygon.map(([x, y]) => `${x},${toSvgY(frame, y)}`).join(' ');
}

interface Box {
  left: number;
  right: number;
  bottom: number;
  top: number;
}

const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.right && b.left < a.right && a.bottom < b.top && b.bottom < a.top;

/** Where a luminaire's marker and name sit, in plan metres (name below the marker). */
export function markerBox(position: { x: number; y: number }): Box {
  return { left: position.x - 4, right: position.x + 4, bottom: position.y - 5.5, top: position.y + 2.5 };
}

/**
 * Where a zone's name goes, in SVG coordinates, or null when it does not fit: the centre of its
 * bounding box, else just inside its top or bottom edge, whichever clears the luminaires. Text
 * width is estimated (about 0.55 em per character); a zone thinner than three lines gets no name
 * on the plan (its name stays in the tooltip).
 */
export function zoneLabelAnchor(
  frame: PlanFrame,
  polygon: [number, number][],
  text: string,
  fontSize: number,
  obstacles: Box[],
): { x: number; y: number } | null {
  const xs = polygon.map(([x]) => x);
  const ys = polygon.map(([, y]) => y);
  const zone = {
    left: Math.min(...xs),
    right: Math.max(...xs),
    bottom: Math.min(...ys),
    top: Math.max(...ys),
  };
  const halfWidth = (text.length * fontSize * 0.55) / 2;
  if (zone.top - zone.bottom < 3 * fontSize || zone.right - zone.left < 2 * halfWidth) return null;
  const x = (zone.left + zone.right) / 2;
  const candidates = [(zone.bottom + zone.top) / 2, zone.top - fontSize, zone.bottom + fontSize];
  const clear = candidates.find((y) => {
    const box = {
      left: x - halfWidth,
      right: x + halfWidth,
      bottom: y - fontSize / 2,
      top: y + fontSize / 2,
    };
    return !obstacles.some((obstacle) => overlaps(box, obstacle));
  });
  return { x, y: toSvgY(frame, clear ?? candidates[0]!) };
}

/** A round scale-bar length close to a fifth of the plan's width (1, 2, 5 × 10ⁿ m). */
export function scaleBarLength(frame: PlanFrame): number {
  const target = frame.width / 5;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const steps = [1, 2, 5, 10].map((step) => step * magnitude);
  return steps.filter((step) => step <= target).at(-1) ?? magnitude;
}

/**
 * SVG rotation of the north arrow. `bearing` is the direction of the plan's +y axis, in degrees
 * clockwise from true north; true north is therefore `bearing` degrees anticlockwise from screen up.
 */
export function northArrowRotation(bearing: number): number {
  return -bearing;
}

/** Radius of a luminaire's light pool, in metres, growing with its level (0–100 %). */
export function glowRadius(level: number | null, maxRadius: number): number {
  const fraction = Math.min(1, Math.max(0, (level ?? 0) / 100));
  return maxRadius * (0.25 + 0.75 * Math.sqrt(fraction));
}

export function glowOpacity(level: number | null): number {
  const fraction = Math.min(1, Math.max(0, (level ?? 0) / 100));
  // Perceived brightness is far from linear: keep a dimmed lamp visible on the plan.
  return fraction === 0 ? 0 : 0.3 + 0.7 * Math.sqrt(fraction);
}

/** A part of the plan, in plan metres (y towards north). */
export interface PlanWindow {
  left: number;
  bottom: number;
  width: number;
  height: number;
}

export function wholePlan(frame: PlanFrame): PlanWindow {
  return { left: 0, bottom: 0, width: frame.width, height: frame.height };
}

/**
 * The smallest window around what is drawn (positions and zone polygons), padded by `pad` metres
 * for light pools and names, kept inside the plan; the whole plan when nothing is drawn.
 */
export function contentWindow(
  frame: PlanFrame,
  positions: readonly { x: number; y: number }[],
  polygons: readonly (readonly [number, number][])[],
  pad: number,
): PlanWindow {
  const xs = [...positions.map((p) => p.x), ...polygons.flat().map(([x]) => x)];
  const ys = [...positions.map((p) => p.y), ...polygons.flat().map(([, y]) => y)];
  if (xs.length === 0) return wholePlan(frame);
  const left = Math.max(0, Math.min(...xs) - pad);
  const right = Math.min(frame.width, Math.max(...xs) + pad);
  const bottom = Math.max(0, Math.min(...ys) - pad);
  const top = Math.min(frame.height, Math.max(...ys) + pad);
  return { left, bottom, width: right - left, height: top - bottom };
}

/** The SVG viewBox showing a window of the plan with its margin. */
export function windowViewBox(frame: PlanFrame, window: PlanWindow): string {
  const margin = planMargin(window);
  const svgTop = toSvgY(frame, window.bottom + window.height);
  return `${window.left - margin} ${svgTop - margin} ${window.width + 2 * margin} ${window.height + 2 * margin}`;
}
