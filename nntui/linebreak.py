"""Line breaking for text that mixes Chinese (or Japanese) with Latin words and numbers.

Rich and Textual break a line at a space, and between any two wide characters. In Chinese that
cuts what belongs together: "的 5 ⏎ 倍", "（0, ⏎ 1）", "3000 ⏎ 亿". Here a line may break

- at a space ("tiny steps", "有 ⏎ 175"), except one between a number or word and the
  wide character after it: that is a number and its unit ("5 倍", "3000 亿");
- after a wide character ("梯度 ⏎ 下降", "是 ⏎ GPT");
- after closing punctuation before a wide character ("(1) ⏎ 是");

and nowhere else: not inside a word or number, not inside a bracketed group up to GROUP cells
wide ("(0, 1)", "（1750 亿）"), not before closing punctuation (，。）…) and not after an opening
bracket. Only a piece wider than the line is cut where the line ends (the last resort).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

GROUP = 24  # a bracketed group at most this wide (in cells) is kept on one line
OPEN = "([{（［｛「『《〈【“‘"
CLOSE = ")]}）］｝」』》〉】”’"
NO_START = CLOSE + "，。、；：！？…·%％,.;:!?"  # punctuation that never begins a line
PAIRS = dict(zip(OPEN, CLOSE))


def wide(ch: str) -> bool:
    """A character two cells wide (CJK ideographs, kana, full-width forms)."""
    return cell_len(ch) == 2


def breaks(text: str) -> list[int]:
    """The offsets in `text` where a line may begin. A space a line breaks at ends the row
    before (and is dropped there)."""
    allowed = []
    group_start = group_end = -1
    left = ""  # the last character before the current run of spaces
    for i, ch in enumerate(text):
        if i and text[i - 1] != " ":
            left = text[i - 1]
        if ch in OPEN and i > group_end:  # a short bracketed group on one line: no break inside
            end = text.find(PAIRS[ch], i + 1)
            if end != -1 and cell_len(text[i : end + 1]) <= GROUP:
                group_start, group_end = i, end
        if i == 0 or group_start < i <= group_end or ch == " " or ch in NO_START:
            continue
        before = text[i - 1]
        if before == " ":  # at a space, unless it joins a number or word to its unit ("5 倍")
            if left and not (wide(ch) and not wide(left)):
                allowed.append(i)
        elif before in OPEN:
            continue
        elif wide(before):  # after a wide character: "梯度|下降", "是|GPT"
            allowed.append(i)
        elif wide(ch) and before in CLOSE + ",.;:!?":  # "(1)|是"; never "5|倍"
            allowed.append(i)
    return allowed


def wrap_line(line: Text, width: int) -> list[Text]:
    """One paragraph line (no newlines) broken into rows of at most `width` cells."""
    plain = line.plain
    if width <= 0 or cell_len(plain) <= width:
        return [line]
    starts = breaks(plain)
    rows: list[Text] = []
    start = 0
    while start < len(plain):
        if cell_len(plain[start:]) <= width:
            rows.append(line[start:])
            break
        # the furthest break whose row (spaces at its end dropped) fits
        end = None
        for b in starts:
            if b <= start:
                continue
            if cell_len(plain[start:b].rstrip(" ")) <= width:
                end = b
            else:
                break
        if end is None:  # no break fits: cut the unit where the width ends
            end, used = start, 0
            while end < len(plain) and used + cell_len(plain[end]) <= width:
                used += cell_len(plain[end])
                end += 1
            end = max(end, start + 1)
            rows.append(line[start:end])
        else:
            row = line[start:end]
            row.rstrip()
            rows.append(row)
        start = end
        while start < len(plain) and plain[start] == " ":
            start += 1
    return rows


def wrap(text: Text, width: int) -> list[Text]:
    """`text` broken into rows of at most `width` cells, at the places `breaks` allows; its
    newlines are kept."""
    rows: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        rows += wrap_line(line, width)
    return rows

