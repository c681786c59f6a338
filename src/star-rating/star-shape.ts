/** The stars' shapes, shared by the element and its stylesheet. */
export const DEFAULT_MAX = 5;

const polygons = new Map<number, string>();
/**
 * The summary's row of `max` stars as one CSS polygon: each star is reached from the bottom edge and left the same way,
 * and the closing edge runs back along the bottom, so the connecting lines enclose no area. One clipped element per
 * rating instead of an SVG: a listing page renders a thousand of them.
 */
export function rowPolygon(max: number): string {
  let polygon = polygons.get(max);
  if (polygon) return polygon;
  const star = [
    [12, 17.52],
    [6.12, 20.61],
    [7.24, 14.06],
    [2.48, 9.42],
    [9.06, 8.46],
    [12, 2.5],
    [14.94, 8.46],
    [21.52, 9.42],
    [16.76, 14.06],
    [17.88, 20.61],
    [12, 17.52],
  ];
  const point = (x: number, y: number) => `${+((x / (24 * max)) * 100).toFixed(3)}% ${+((y / 24) * 100).toFixed(3)}%`;
  const points: string[] = [];
  for (let i = 0; i < max; i++) {
    const x = 24 * i;
    points.push(point(x + 12, 24), ...star.map(([px, py]) => point(x + px, py)), point(x + 12, 24));
  }
  polygons.set(max, (polygon = `polygon(${points.join(',')})`));
  return polygon;
}
