/**
 * A retention basin's fill, as far as the site tells it: the ultrasonic sensor reports its distance
 * to the water surface within its measuring range (profile `range`, e.g. MaxBotix HRXL 0.3–5 m).
 * The site gives no basin depth nor mounting height, so the fill is shown within the sensor's
 * range (a surface at the near limit is "full" for the sensor), and said so in words.
 */
export function basinFill(
  distance: number | null,
  range: { min: number; max: number } | undefined,
): number | null {
  if (distance === null || !range || !(range.max > range.min)) return null;
  return Math.min(1, Math.max(0, (range.max - distance) / (range.max - range.min)));
}
