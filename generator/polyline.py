"""Encoded polylines: a line of [x, y] points as a short ASCII string (the Google polyline algorithm).

Every map page loads the province outlines (docs/assets/maps/provinces.js). As JSON arrays of
numbers at 0.01 degree they took 135 KB; each point stored as the difference from the one before,
zig-zag encoded in 5-bit chunks of printable characters, takes 2–4 bytes instead of ~15, so the
file is 27 KB, with the same points. The map pages decode it in docs/assets/maps/report-map.js
(the same algorithm, 15 lines); the static SVG maps decode it here.
"""

from __future__ import annotations

from typing import Iterable, Sequence


def encode(points: Iterable[Sequence[float]], digits: int = 2) -> str:
    """[x, y] points rounded to `digits` decimals, as one string."""
    scale = 10 ** digits
    out: list[str] = []
    last_x = last_y = 0
    for x, y in points:
        ix, iy = round(x * scale), round(y * scale)
        for delta in (ix - last_x, iy - last_y):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        last_x, last_y = ix, iy
    return "".join(out)


def decode(text: str, digits: int = 2) -> list[list[float]]:
    """The [x, y] points of an encoded string."""
    scale = 10 ** digits
    numbers: list[int] = []
    value = shift = 0
    for char in text:
        chunk = ord(char) - 63
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            numbers.append(~(value >> 1) if value & 1 else value >> 1)
            value = shift = 0
    points, x, y = [], 0, 0
    for dx, dy in zip(numbers[::2], numbers[1::2], strict=False):  # a trailing lone number is ignored
        x, y = x + dx, y + dy
        points.append([round(x / scale, digits), round(y / scale, digits)])
    return points


def encode_nested(coordinates, digits: int = 2):
    """GeoJSON coordinates (any depth) with each innermost line of points encoded."""
    if coordinates and isinstance(coordinates[0][0], (int, float)):
        return encode(coordinates, digits)
    return [encode_nested(part, digits) for part in coordinates]


def decode_nested(coordinates, digits: int = 2):
    """The inverse of encode_nested; plain coordinates are returned as they are."""
    if isinstance(coordinates, str):
        return decode(coordinates, digits)
    if coordinates and isinstance(coordinates[0], (int, float)):
        return coordinates
    return [decode_nested(part, digits) for part in coordinates]
