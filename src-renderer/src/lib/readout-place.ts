/**
 * Where a pointer's readout goes inside the box it is drawn in (a pane, the view): `gap` pixels below
 * and right of the pointer, flipped to its left or above it where it would cross the box's right or
 * bottom edge, and never past the box's edges (a readout wider than the box starts at its left).
 */
export function placeReadout(
  pointer: { x: number; y: number },
  size: { width: number; height: number },
  box: { width: number; height: number },
  gap = 14,
): { left: number; top: number } {
  const along = (at: number, length: number, room: number): number => {
    const after = at + gap;
    const start = after + length <= room ? after : at - gap - length;
    return Math.max(0, Math.min(start, room - length));
  };
  return { left: along(pointer.x, size.width, box.width), top: along(pointer.y, size.height, box.height) };
}
