#!/usr/bin/python3
"""Render a tmux screen capture into a PNG that looks like a terminal window.

    render_screenshot.py INPUT.txt OUTPUT.png --cols 80 --rows 24

INPUT is what `tmux capture-pane -p -e -N` prints: one line per row, text with
ANSI SGR escapes (16/256/truecolour foreground and background, bold, dim,
italic, underline, reverse, strikethrough, hidden, reset) and tmux's SO/SI
around DEC line-drawing characters. Styles carry over from one line to the
next, as tmux writes them. Use -N: without it tmux drops the spaces at the end
of each line, coloured ones included.

Cells are a fixed grid in DejaVu Sans Mono; wide (East Asian) characters take
two cells; box-drawing and block characters are drawn as shapes so that lines
join across cells like in a real terminal. Glyphs DejaVu Sans Mono lacks come
from DejaVu Sans or, if installed, a CJK font; failing that, an outlined box.

Needs Debian's python3-pil and fonts-dejavu-core.
"""

import argparse
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
FONTS = {
    (False, False): FONT_DIR + "DejaVuSansMono.ttf",
    (True, False): FONT_DIR + "DejaVuSansMono-Bold.ttf",
    (False, True): FONT_DIR + "DejaVuSansMono-Oblique.ttf",
    (True, True): FONT_DIR + "DejaVuSansMono-BoldOblique.ttf",
}
FALLBACK_FONTS = [
    FONT_DIR + "DejaVuSans.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
]

# The window: a dark theme (VS Code's terminal colours).
DEFAULT_FG = (0xD4, 0xD4, 0xD4)
DEFAULT_BG = (0x1E, 0x1E, 0x1E)
PALETTE16 = [
    (0x00, 0x00, 0x00), (0xCD, 0x31, 0x31), (0x0D, 0xBC, 0x79), (0xE5, 0xE5, 0x10),
    (0x24, 0x72, 0xC8), (0xBC, 0x3F, 0xBC), (0x11, 0xA8, 0xCD), (0xE5, 0xE5, 0xE5),
    (0x66, 0x66, 0x66), (0xF1, 0x4C, 0x4C), (0x23, 0xD1, 0x8B), (0xF5, 0xF5, 0x43),
    (0x3B, 0x8E, 0xEA), (0xD6, 0x70, 0xD6), (0x29, 0xB8, 0xDB), (0xFF, 0xFF, 0xFF),
]
TITLE_BAR = (0x32, 0x32, 0x32)
TITLE_TEXT = (0xB0, 0xB0, 0xB0)
BUTTONS = [(0xFF, 0x5F, 0x57), (0xFE, 0xBC, 0x2E), (0x28, 0xC8, 0x40)]

# DEC special graphics (ESC ( 0, or tmux's SO ... SI in a capture).
DEC_GRAPHICS = {
    "`": "◆", "a": "▒", "f": "°", "g": "±", "h": "░", "i": "␋", "j": "┘", "k": "┐",
    "l": "┌", "m": "└", "n": "┼", "o": "⎺", "p": "⎻", "q": "─", "r": "⎼", "s": "⎽",
    "t": "├", "u": "┤", "v": "┴", "w": "┬", "x": "│", "y": "≤", "z": "≥", "{": "π",
    "|": "≠", "}": "£", "~": "·", "0": "█", "+": "→", ",": "←", "-": "↑", ".": "↓",
}


def palette256(n):
    if n < 16:
        return PALETTE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + 10 * (n - 232)
    return (level, level, level)


class Style:
    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "reverse", "strike", "hidden", "overline")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None  # None = default, else an (r, g, b) tuple
        self.bg = None
        self.bold = self.dim = self.italic = self.reverse = self.strike = self.hidden = self.overline = False
        self.underline = 0  # 0 none, 1 single, 2 double, 3 curly...

    def copy(self):
        other = Style.__new__(Style)
        for name in Style.__slots__:
            setattr(other, name, getattr(self, name))
        return other

    def apply_sgr(self, params):
        # Parameters are ';'-separated; each may carry ':'-separated sub-parameters.
        fields = [p.split(":") for p in params.split(";")] if params else [["0"]]
        i = 0
        while i < len(fields):
            sub = fields[i]
            try:
                code = int(sub[0] or "0")
            except ValueError:
                i += 1
                continue
            if code in (38, 48, 58):
                if len(sub) > 1:  # colon form: 38:5:n or 38:2:[colourspace]:r:g:b
                    color, consumed = None, 1
                    if sub[1] == "5" and len(sub) >= 3:
                        color = palette256(int(sub[2] or "0") & 255)
                    elif sub[1] == "2" and len(sub) >= 5:
                        color = tuple(int(x or "0") & 255 for x in sub[-3:])
                else:  # semicolon form: 38;5;n or 38;2;r;g;b
                    rest = [f[0] for f in fields[i + 1:]]
                    color, consumed = None, 1
                    if rest[:1] == ["5"] and len(rest) >= 2:
                        color, consumed = palette256(int(rest[1] or "0") & 255), 3
                    elif rest[:1] == ["2"] and len(rest) >= 4:
                        color, consumed = tuple(int(x or "0") & 255 for x in rest[1:4]), 5
                if code == 38:
                    self.fg = color
                elif code == 48:
                    self.bg = color
                i += consumed
                continue
            if code == 0:
                self.reset()
            elif code == 1:
                self.bold = True
            elif code == 2:
                self.dim = True
            elif code == 3:
                self.italic = True
            elif code == 4:
                self.underline = int(sub[1]) if len(sub) > 1 and sub[1].isdigit() else 1
            elif code == 7:
                self.reverse = True
            elif code == 8:
                self.hidden = True
            elif code == 9:
                self.strike = True
            elif code == 21:
                self.underline = 2
            elif code == 22:
                self.bold = self.dim = False
            elif code == 23:
                self.italic = False
            elif code == 24:
                self.underline = 0
            elif code == 27:
                self.reverse = False
            elif code == 28:
                self.hidden = False
            elif code == 29:
                self.strike = False
            elif 30 <= code <= 37:
                self.fg = PALETTE16[code - 30]
            elif code == 39:
                self.fg = None
            elif 40 <= code <= 47:
                self.bg = PALETTE16[code - 40]
            elif code == 49:
                self.bg = None
            elif code == 53:
                self.overline = True
            elif code == 55:
                self.overline = False
            elif 90 <= code <= 97:
                self.fg = PALETTE16[code - 90 + 8]
            elif 100 <= code <= 107:
                self.bg = PALETTE16[code - 100 + 8]
            # 5/6 blink, 59 underline colour and the rest: ignored.
            i += 1

    def colors(self):
        """The (foreground, background) a cell is painted with."""
        fg = self.fg if self.fg is not None else DEFAULT_FG
        bg = self.bg if self.bg is not None else DEFAULT_BG
        if self.reverse:
            fg, bg = bg, fg
        if self.dim:
            fg = blend(fg, bg, 0.5)
        if self.hidden:
            fg = bg
        return fg, bg


def blend(a, b, t):
    """a moved toward b by t."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def char_width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


CSI = re.compile(r"\x1b\[([0-9;:?<=>]*)([ -/]*)([@-~])")
OSC = re.compile(r"\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


def parse(text, cols, rows):
    """The screen as rows of cells: (text, Style) or None for the right half
    of a wide character."""
    blank = Style()
    grid = [[(" ", blank) for _ in range(cols)] for _ in range(rows)]
    style = Style()
    graphics = False  # SO (G1 = DEC graphics, as tmux writes it) or ESC ( 0
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for y, line in enumerate(lines[:rows]):
        x = 0
        i = 0
        while i < len(line):
            ch = line[i]
            if ch == "\x1b":
                m = CSI.match(line, i)
                if m:
                    if m.group(3) == "m" and not m.group(2) and not m.group(1).startswith(("?", "<", "=", ">")):
                        style = style.copy()
                        style.apply_sgr(m.group(1))
                    i = m.end()
                    continue
                m = OSC.match(line, i)
                if m:
                    i = m.end()
                    continue
                if line.startswith("\x1b(0", i):
                    graphics = True
                elif line.startswith("\x1b(B", i):
                    graphics = False
                i += 3 if i + 1 < len(line) and line[i + 1] in "()*+" else 2
                continue
            i += 1
            if ch == "\x0e":
                graphics = True
                continue
            if ch == "\x0f":
                graphics = False
                continue
            if ch == "\t":
                x = min(cols, (x // 8 + 1) * 8)
                continue
            if ch == "\r":
                x = 0
                continue
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                continue
            if graphics:
                ch = DEC_GRAPHICS.get(ch, ch)
            width = char_width(ch)
            if width == 0:
                # A combining mark joins the character before it.
                px = x - 1
                if px >= 0 and grid[y][px] is None:
                    px -= 1
                if px >= 0:
                    base, st = grid[y][px]
                    grid[y][px] = (base + ch, st)
                continue
            if x + width > cols:
                continue
            grid[y][x] = (ch, style)
            if width == 2:
                grid[y][x + 1] = None
            x += width
    return grid


class Fonts:
    def __init__(self, size):
        self.size = size
        self.faces = {key: ImageFont.truetype(path, size) for key, path in FONTS.items()}
        self.fallbacks = []
        for path in FALLBACK_FONTS:
            try:
                self.fallbacks.append(ImageFont.truetype(path, size))
            except OSError:
                pass
        regular = self.faces[(False, False)]
        self.ascent, self.descent = regular.getmetrics()
        self.advance = regular.getlength("M")
        self._notdef = {}
        self._cache = {}

    def _missing(self, font, ch):
        # Pillow cannot ask for a glyph; compare with the font's .notdef box.
        key = id(font)
        if key not in self._notdef:
            self._notdef[key] = self._pixels(font, "\U0010FFFD")
        return self._pixels(font, ch) == self._notdef[key]

    def _pixels(self, font, ch):
        image = Image.new("L", (self.size * 3, self.size * 2), 0)
        ImageDraw.Draw(image).text((0, 0), ch, font=font, fill=255)
        return image.tobytes()

    def pick(self, ch, bold, italic):
        """The font to draw `ch` with, and whether it is the grid's own."""
        key = (ch, bold, italic)
        if key not in self._cache:
            own = self.faces[(bold, italic)]
            base = ch[0]
            if base.isspace() or not self._missing(own, base):
                self._cache[key] = (own, True)
            else:
                found = next((f for f in self.fallbacks if not self._missing(f, base)), None)
                self._cache[key] = (found, False)
        return self._cache[key]


def box_arms(ch):
    """For a box-drawing character: {direction: weight} with weight 'light',
    'heavy' or 'double', and whether its corner is rounded; None when it is
    better left to the font (dashes, diagonals)."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    if not name.startswith("BOX DRAWINGS ") or "DASH" in name or "DIAGONAL" in name:
        return None
    words = {"SINGLE": "light", "LIGHT": "light", "HEAVY": "heavy", "DOUBLE": "double"}
    dirs = {"UP": ["up"], "DOWN": ["down"], "LEFT": ["left"], "RIGHT": ["right"],
            "HORIZONTAL": ["left", "right"], "VERTICAL": ["up", "down"]}
    arms = {}
    weight = None
    rounded = " ARC " in name
    for part in name[len("BOX DRAWINGS "):].split(" AND "):
        tokens = part.split()
        for token in tokens:
            if token in words:
                weight = words[token]
        for token in tokens:
            for d in dirs.get(token, []):
                arms[d] = weight
    if not arms or None in arms.values():
        return None
    return arms, rounded


class Painter:
    def __init__(self, image, fonts, cell_w, cell_h):
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.fonts = fonts
        self.cw = cell_w
        self.ch = cell_h
        self.light = max(1, round(cell_w / 10))
        self.heavy = self.light * 2 + (1 if self.light == 1 else 0)
        self.double = max(2, round(cell_w / 5))  # from the centre to each line of a double line

    def rect(self, x0, y0, x1, y1, color):
        if x1 > x0 and y1 > y0:
            self.draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=color)

    def cell(self, px, py, text, style, width):
        fg, bg = style.colors()
        w = self.cw * width
        self.rect(px, py, px + w, py + self.ch, bg)
        if text != " " and not style.hidden:
            base = text[0]
            if not (self.box(px, py, base, fg) or self.block(px, py, base, fg, bg)):
                self.glyph(px, py, text, style, fg, w)
        if style.underline:
            y = py + self.fonts.ascent + max(1, self.fonts.descent // 3)
            y = min(y, py + self.ch - self.light)
            self.rect(px, y, px + w, y + self.light, fg)
            if style.underline == 2:
                self.rect(px, y + 2 * self.light, px + w, y + 3 * self.light, fg)
        if style.strike:
            y = py + self.ch // 2
            self.rect(px, y, px + w, y + self.light, fg)
        if style.overline:
            self.rect(px, py, px + w, py + self.light, fg)

    def glyph(self, px, py, text, style, fg, w):
        font, own = self.fonts.pick(text, style.bold, style.italic)
        baseline = py + (self.ch - self.fonts.ascent - self.fonts.descent) // 2 + self.fonts.ascent
        if font is None:
            # No font has it: an outlined box, as terminals show.
            inset = max(1, self.cw // 6)
            self.draw.rectangle(
                [px + inset, py + inset * 2, px + w - inset - 1, py + self.ch - inset * 2 - 1],
                outline=fg, width=self.light)
            return
        length = font.getlength(text)
        x = px + (w - length) / 2
        if not own and length > w:
            # A fallback glyph wider than its cells: squeeze it in.
            scale = w / length
            size = max(6, int(self.fonts.size * scale))
            font = ImageFont.truetype(font.path, size, index=getattr(font, "index", 0))
            x = px + (w - font.getlength(text)) / 2
        self.draw.text((x, baseline), text, font=font, fill=fg, anchor="ls")

    def box(self, px, py, ch, fg):
        found = box_arms(ch)
        if not found:
            return False
        arms, rounded = found
        cx = px + self.cw // 2
        cy = py + self.ch // 2
        thick = {"light": self.light, "heavy": self.heavy}
        d = self.double
        ends = {"up": (cy, py), "down": (cy, py + self.ch), "left": (cx, px), "right": (cx, px + self.cw)}
        perp = {"up": ("left", "right"), "down": ("left", "right"), "left": ("up", "down"), "right": ("up", "down")}
        opposite = {"up": "down", "down": "up", "left": "right", "right": "left"}
        sign = {"up": -1, "down": 1, "left": -1, "right": 1}

        if rounded:
            self.arc(px, py, arms, fg)
            return True

        for arm, weight in arms.items():
            vertical = arm in ("up", "down")
            centre, edge = ends[arm]
            s = sign[arm]
            if weight == "double":
                # Two lines, one on each side; where each starts depends on
                # the arms beside it (inner corner, straight on, outer corner).
                for side in perp[arm]:
                    offset = sign[side] * d
                    if side in arms:
                        start = s * (d if arms[side] == "double" else 0)
                    elif opposite[arm] in arms:
                        start = 0
                    elif opposite[side] in arms:
                        start = -s * (d if arms[opposite[side]] == "double" else 0)
                    else:
                        start = 0
                    a, b = sorted((centre + start, edge))
                    if vertical:
                        self.rect(cx + offset, a, cx + offset + self.light, b, fg)
                    else:
                        self.rect(a, cy + offset, b, cy + offset + self.light, fg)
            else:
                # One line of thickness t through the centre; it reaches
                # back far enough to cover the lines it meets.
                t = thick[weight]
                others = [p for p in perp[arm] if p in arms]
                if any(arms[p] == "double" for p in others):
                    # Through a double line: stop at its near line; at a
                    # corner of one: run on to its far line.
                    reach = d if len(others) == 2 else -d
                    a, b = (centre + reach, edge) if s > 0 else (edge, centre - reach + self.light)
                elif others:
                    tp = max(thick[arms[p]] for p in others)
                    a, b = (centre - tp // 2, edge) if s > 0 else (edge, centre - tp // 2 + tp)
                else:
                    a, b = (centre, edge) if s > 0 else (edge, centre)
                half = t // 2
                if vertical:
                    self.rect(cx - half, a, cx - half + t, b, fg)
                else:
                    self.rect(a, cy - half, b, cy - half + t, fg)
        return True

    def arc(self, px, py, arms, fg):
        # A quarter circle joining the two arms, drawn 4x and scaled down.
        k = 4
        mask = Image.new("L", (self.cw * k, self.ch * k), 0)
        draw = ImageDraw.Draw(mask)
        cx, cy = (self.cw // 2) * k + (self.light * k) // 2, (self.ch // 2) * k + (self.light * k) // 2
        r = (self.cw // 2) * k
        t = self.light * k
        vertical = "up" if "up" in arms else "down"
        horizontal = "left" if "left" in arms else "right"
        ox = cx + (r if horizontal == "right" else -r)
        oy = cy + (r if vertical == "down" else -r)
        start = {("down", "right"): 180, ("down", "left"): 270, ("up", "left"): 0, ("up", "right"): 90}[
            (vertical, horizontal)]
        draw.arc([ox - r - t / 2, oy - r - t / 2, ox + r + t / 2, oy + r + t / 2], start, start + 90, fill=255,
                 width=t)
        # The straight runs from the arc to the cell edges.
        if vertical == "down":
            draw.rectangle([cx - t / 2, oy, cx + t / 2 - 1, self.ch * k], fill=255)
        else:
            draw.rectangle([cx - t / 2, 0, cx + t / 2 - 1, oy], fill=255)
        if horizontal == "right":
            draw.rectangle([ox, cy - t / 2, self.cw * k, cy + t / 2 - 1], fill=255)
        else:
            draw.rectangle([0, cy - t / 2, ox, cy + t / 2 - 1], fill=255)
        mask = mask.resize((self.cw, self.ch), Image.LANCZOS)
        self.image.paste(fg, (px - self.light // 2, py - self.light // 2), mask)

    def block(self, px, py, ch, fg, bg):
        code = ord(ch)
        if not 0x2580 <= code <= 0x259F:
            return False
        w, h = self.cw, self.ch
        if code == 0x2580:  # upper half
            self.rect(px, py, px + w, py + h // 2, fg)
        elif 0x2581 <= code <= 0x2588:  # lower n/8
            n = code - 0x2580
            self.rect(px, py + h - round(h * n / 8), px + w, py + h, fg)
        elif 0x2589 <= code <= 0x258F:  # left n/8, 7/8 down to 1/8
            n = 0x2590 - code
            self.rect(px, py, px + round(w * n / 8), py + h, fg)
        elif code == 0x2590:  # right half
            self.rect(px + w // 2, py, px + w, py + h, fg)
        elif 0x2591 <= code <= 0x2593:  # shades
            self.rect(px, py, px + w, py + h, blend(bg, fg, (code - 0x2590) / 4))
        elif code == 0x2594:  # upper 1/8
            self.rect(px, py, px + w, py + round(h / 8), fg)
        elif code == 0x2595:  # right 1/8
            self.rect(px + w - round(w / 8), py, px + w, py + h, fg)
        else:  # quadrants: upper-left, upper-right, lower-left, lower-right
            quads = {
                0x2596: "0010", 0x2597: "0001", 0x2598: "1000", 0x2599: "1011", 0x259A: "1001",
                0x259B: "1110", 0x259C: "1101", 0x259D: "0100", 0x259E: "0110", 0x259F: "0111",
            }[code]
            mx, my = px + w // 2, py + h // 2
            boxes = [(px, py, mx, my), (mx, py, px + w, my), (px, my, mx, py + h), (mx, my, px + w, py + h)]
            for on, b in zip(quads, boxes):
                if on == "1":
                    self.rect(*b, fg)
        return True


def render(text, cols, rows, font_size, title, frame, cursor):
    fonts = Fonts(font_size)
    cell_w = round(fonts.advance)
    cell_h = round((fonts.ascent + fonts.descent) * 1.08)
    grid = parse(text, cols, rows)

    pad = round(cell_w * 1.2)
    term_w, term_h = cols * cell_w + 2 * pad, rows * cell_h + 2 * pad
    screen = Image.new("RGB", (term_w, term_h), DEFAULT_BG)
    painter = Painter(screen, fonts, cell_w, cell_h)
    for y, row in enumerate(grid):
        for x, cell in enumerate(row):
            if cell is None:
                continue
            text_, style = cell
            width = 2 if x + 1 < cols and row[x + 1] is None else 1
            painter.cell(pad + x * cell_w, pad + y * cell_h, text_, style, width)
    if cursor:
        cx, cy = cursor
        if 0 <= cx < cols and 0 <= cy < rows:
            cell = grid[cy][cx] or grid[cy][cx - 1]
            text_, style = cell
            inverse = style.copy()
            inverse.reverse = not inverse.reverse
            painter.cell(pad + cx * cell_w, pad + cy * cell_h, text_, inverse, 1)

    if not frame:
        return screen

    # A window: title bar with buttons, rounded corners, soft shadow.
    bar = round(cell_h * 1.45)
    margin = round(cell_w * 2.5)
    radius = round(cell_w * 0.9)
    win_w, win_h = term_w, term_h + bar
    canvas = Image.new("RGBA", (win_w + 2 * margin, win_h + 2 * margin), (0, 0, 0, 0))

    shadow = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(shadow).rounded_rectangle(
        [margin, margin + margin // 4, margin + win_w, margin + win_h + margin // 4], radius, fill=110)
    shadow = shadow.filter(ImageFilter.GaussianBlur(margin / 3))
    canvas.paste((0, 0, 0, 255), (0, 0), shadow)

    window = Image.new("RGB", (win_w, win_h), TITLE_BAR)
    window.paste(screen, (0, bar))
    draw = ImageDraw.Draw(window)
    draw.line([0, bar - 1, win_w, bar - 1], fill=(0x18, 0x18, 0x18))
    dot = round(bar * 0.42)
    for i, color in enumerate(BUTTONS):
        x = round(bar * 0.5) + i * round(dot * 1.6)
        y = (bar - dot) // 2
        draw.ellipse([x, y, x + dot, y + dot], fill=color)
    if title:
        title_font = ImageFont.truetype(FONT_DIR + "DejaVuSans.ttf", round(font_size * 0.85))
        draw.text((win_w / 2, bar / 2), title, font=title_font, fill=TITLE_TEXT, anchor="mm")
    corners = Image.new("L", (win_w, win_h), 0)
    ImageDraw.Draw(corners).rounded_rectangle([0, 0, win_w - 1, win_h - 1], radius, fill=255)
    canvas.paste(window, (margin, margin), corners)
    return canvas


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="capture-pane -p -e -N output ('-' for stdin)")
    parser.add_argument("output", help="PNG to write")
    parser.add_argument("--cols", type=int, default=80)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--font-size", type=int, default=20, help="pixels (default 20)")
    parser.add_argument("--title", default=None, help="window title (default: COLSxROWS)")
    parser.add_argument("--no-frame", action="store_true", help="just the screen, no window around it")
    parser.add_argument("--cursor", default=None, metavar="X,Y",
                        help="draw a block cursor at zero-based column X, row Y (tmux's #{cursor_x},#{cursor_y})")
    args = parser.parse_args()

    if args.input == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(args.input, "rb") as f:
            data = f.read()
    text = data.decode("utf-8", errors="replace")
    cursor = None
    if args.cursor:
        try:
            cursor = tuple(int(v) for v in args.cursor.split(","))
            assert len(cursor) == 2
        except (ValueError, AssertionError):
            parser.error("--cursor wants X,Y")
    title = args.title if args.title is not None else f"{args.cols}\u00d7{args.rows}"
    image = render(text, args.cols, args.rows, args.font_size, title, not args.no_frame, cursor)
    image.save(args.output, optimize=True)


if __name__ == "__main__":
    main()
