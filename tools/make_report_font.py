"""Rebuild the fonts of the PDF reports (src/kembar/reports/fonts/) from DejaVu Sans.

The reports print place names of every country, a tenth of which need letters beyond
Latin-1 ("Łódź", "Târgu Mureș", "Hải Phòng"); PDF's standard fonts have only Latin-1, so
the reports embed DejaVu Sans, cut down to the scripts place names are written in here
(Latin with its extensions and Vietnamese, Greek, Cyrillic, punctuation, arrows and a few
symbols), which takes about a third of the size. The source is Debian's fonts-dejavu-core
(or any folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf).

    python tools/make_report_font.py [/usr/share/fonts/truetype/dejavu]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parents[1] / "src" / "kembar" / "reports" / "fonts"
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0250, 0x02FF),  # IPA and spacing modifiers (ʻokina, primes)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # general punctuation (dashes, quotes, ellipsis)
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x214F),  # letterlike symbols (№)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ×)
    (0x25A0, 0x25FF),  # geometric shapes (●, ■)
    (0x2713, 0x2714),  # check marks
    (0xFFFD, 0xFFFD),  # the replacement character
]


def main(source: Path) -> None:
    unicodes = [c for low, high in RANGES for c in range(low, high + 1)]
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False  # printed, not shown at screen sizes
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        target = OUT / name
        subset.save_font(font, str(target), options)
        print(f"{target}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu"))
