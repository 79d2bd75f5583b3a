"""Helpers to build lexicons: each language file defines BEFORE and GLOSSES lists and calls write()."""
import json, re, sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "assistant" / "languages" / "lexicons"
MONTHS_EN = ["january","february","march","april","may","june","july","august","september","october","november","december"]
WEEKDAYS_EN = ["monday","tuesday","wednesday","thursday","friday","saturday","sunday"]


def alt(words):
    """A regex alternation of words, longest first."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def numbers(mapping, left=r"(?<!\w)", right=r"(?!\w)"):
    """Number words → digits: mapping {regex: int}; longest first."""
    return [(left + "(?:" + w + ")" + right, str(n)) for w, n in sorted(mapping.items(), key=lambda kv: -len(kv[0]))]


def numeric_dmy(sep=r"[.\-]"):
    """31.01.2025, 03-03-25 → 31/01/2025: the English reader reads figures with slashes, and asks when
    they could be read either way (glossing leaves figures alone to it); 3/3 (day/month, no year,
    which it does not read) → "march 3"."""
    rules = [
        (r"(?<![\d/.\-])(\d{1,2})" + sep + r"(\d{1,2})" + sep + r"(\d{4}|\d{2})(?![\d/.\-]|\.\d)", r" \1/\2/\3 "),
    ]
    for m, name in enumerate(MONTHS_EN, start=1):
        rules.append((r"(?<![\d/.\-$])(0?[1-9]|[12]\d|3[01])/0?" + str(m) + r"(?![\d/]|\.\d)", name + r" \1 "))
    return rules


def month_dates(months, day_sep, year_sep=r"(?:,?\s*(?:de(?:l)?\s+)?)", ordinal=r"(?:º|°|o|ro|er|\.)?"):
    """"3 de marzo de 2025" → "2025-03-3" (ISO: dateparser reads it right), "3 de marzo" → "march 3 " (the
    English reader resolves it, past or future by its role); months: {regex: english}."""
    rules = []
    for native, english in months.items():
        m = MONTHS_EN.index(english) + 1
        rules.append((r"(?<!\d)(\d{1,2})" + ordinal + day_sep + "(?:" + native + r")(?!\w)" + year_sep + r"(\d{4})(?!\d)", r" \2-%02d-\1 " % m))
        rules.append((r"(?<!\d)(\d{1,2})" + ordinal + day_sep + "(?:" + native + r")(?!\w)", " " + english + r" \1 "))
    return rules


def iso_guard(words):
    """Words dateparser swallows next to an ISO date ("2025-03-03 en"), glossed there first: {regex: english}."""
    rules = []
    for native, english in words.items():
        rules.append((r"(\d{4}-\d{1,2}-\d{1,2})\s+(?:" + native + r")(?!\w)", r"\1 " + english))
        rules.append((r"(?<!\w)(?:" + native + r")\s+(?=\d{4}-\d{1,2}-\d{1,2})", english + " "))
    return rules


def on_date(words):
    """A preposition before a date ("em 3 de março", "am 3. März") → "on": the English reader takes
    "in march", "in 2025" for a month or a year without a day."""
    en = "|".join(MONTHS_EN)
    return [(r"(?<!\w)(?:" + words + r")\s+(?=(?:" + en + r")\s+\d|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})", "on ")]


def words(months):
    """Month or weekday names alone → English: {regex: english}."""
    return [(r"(?<!\w)(?:" + native + r")(?!\w)", english) for native, english in months.items()]


def _apply(pairs, text):
    for pattern, english in pairs:
        text = re.sub(pattern, f" {english} ", text, flags=re.IGNORECASE)
    return re.sub(r"[ \t]+", " ", text).strip()


def lint(glosses):
    """Warn when a later gloss rewrites the English an earlier one wrote (Portuguese "do" in "how do i")."""
    for i, (_, english) in enumerate(glosses):
        sample = re.sub(r"\\\d", "5", english).strip()
        after = _apply(glosses[i + 1 :], sample)
        if after != re.sub(r"[ \t]+", " ", sample):
            print(f"  lint: {sample!r} -> {after!r}")


def write(code, before, glosses):
    import unicodedata
    before = [(unicodedata.normalize("NFKC", p), e) for p, e in before]
    glosses = [(unicodedata.normalize("NFKC", p), e) for p, e in glosses]
    for pattern, _ in before + glosses:
        re.compile(pattern, re.IGNORECASE)
    lint(glosses)
    data = {"language": code, "before_dates": [list(p) for p in before], "glosses": [list(p) for p in glosses]}
    (OUT / f"{code}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(code, len(before), "before_dates,", len(glosses), "glosses")


KANJI_DIGITS = "一二三四五六七八九"


def kanji_number(n):
    """3 → 三, 12 → 十二, 31 → 三十一."""
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text += ("" if tens == 1 else KANJI_DIGITS[tens - 1]) + "十"
    if ones:
        text += KANJI_DIGITS[ones - 1]
    return text


def kanji_numbers(counters, extra=None, upto=31):
    """Kanji numerals before a counter ("三週間" → "3週間"), longest first; extra: {regex: n}."""
    items = [(kanji_number(n), n) for n in range(1, upto + 1)] + list((extra or {}).items())
    items.sort(key=lambda kv: -len(kv[0]))
    return [(r"(?<![一二三四五六七八九十百千])" + k + r"(?=\s*(?:" + counters + "))", " " + str(n) + " ") for k, n in items]


# dateparser, in Japanese and Chinese, reads any number from 13 to 31 as a day of this month ("14 years
# old" → March 14). Two-digit numbers are split for it ("1_4") and joined again by the first gloss.
SPLIT_NUMBERS = (r"(?<![\d\-./,:_])(\d)(\d)(?![\d\-./,:_])", r"\1_\2")
JOIN_NUMBERS = (r"(?<![\d_])(\d)_(\d)(?![\d_])", r"\1\2")


def period_rules(period, conn, within_pre=None, within_post=None):
    """A refund period stated at sign-up ("el periodo de reembolso era de 7 días") → "7-day refund period",
    read after "refund" and the units are English. period, conn: regexes of the language's words."""
    n = r"(\d{1,2})\s*-?\s*(day|week)s?(?!\s+ago)"
    c = r"(?:\s*(?:" + conn + r")(?![\w]))*\s*"
    rules = [
        (r"(?:" + period + r")" + c + r"refund" + c + n, r"\1-\2 refund period"),
        (r"refund" + c + r"(?:" + period + r")" + c + n, r"\1-\2 refund period"),
        (n + c + r"(?:" + period + r")?" + c + r"refund", r"\1-\2 refund"),
    ]
    if within_pre:
        rules.append((r"(?:" + within_pre + r")\s*" + n, r"within \1 \2s"))
    if within_post:
        rules.append((n + r"\s*(?:" + within_post + r")", r"within \1 \2s"))
    return rules


def insert_after(glosses, english, rules):
    """The glosses with `rules` put right after the last gloss writing `english`."""
    i = max(i for i, (_, e) in enumerate(glosses) if e == english)
    return glosses[: i + 1] + rules + glosses[i + 1 :]


ORDINAL_WORDS = {1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', 6: 'sixth', 7: 'seventh', 8: 'eighth', 9: 'ninth', 10: 'tenth', 11: 'eleventh', 12: 'twelfth', 13: 'thirteenth', 14: 'fourteenth', 15: 'fifteenth', 16: 'sixteenth', 17: 'seventeenth', 18: 'eighteenth', 19: 'nineteenth', 20: 'twentieth', 30: 'thirtieth'}


def ordinal_dates():
    """"april 5" → "the fifth of april": dateparser in German and Indonesian knows April, August,
    September, November and would write last year's date; a day in words it leaves alone."""
    months = "|".join(MONTHS_EN)
    return [(r"(?<![\w-])(" + months + r")\s+0?" + str(d) + r"(?!\d)(?![.,]\d)", r"the " + w + r" of \1 ")
            for d, w in sorted(ORDINAL_WORDS.items(), key=lambda kv: -kv[0])]


# A day of the month said alone ("el día 5", "le 5", "5号"), not an amount, a duration or a date
# with its month: → "on the 5th" (the English reader takes the latest 5th on or before the day asked).
NOT_A_DAY_AFTER = (
    r"(?![\d/:%\-]|[.,]\d|\s*(?:de|del|di|du|des|of|years?|days?|weeks?|months?|dollars?|usd|euros?|reais|"
    r"h|am|pm|horas?|heures?|uhr|ore|" + "|".join(MONTHS_EN) + r")(?!\w))"
)


def day_alone(*patterns):
    """Patterns with the day in group 1 → " on the 5th ," (the comma: "on the 5th course" is a course)."""
    return [(p + NOT_A_DAY_AFTER, r" on the \1th , ") for p in patterns]


def which_year_dates(months, day_sep, last, this=None, ordinal=r"(?:º|°|o|er|\.)?"):
    """"3 de mayo del año pasado" → "may 3 last year" (before dateparser, which would take the
    year for this one); last, this: regexes of the words after the month."""
    rules = []
    for native, english in months.items():
        head = r"(?<!\d)(\d{1,2})" + ordinal + day_sep + "(?:" + native + r")(?!\w)\s*,?\s*"
        rules.append((head + "(?:" + last + r")(?!\w)", " " + english + r" \1 last year "))
        if this:
            rules.append((head + "(?:" + this + r")(?!\w)", " " + english + r" \1 this year "))
    return rules


# English a language's own glosses may split again ("black friday" → "black on friday").
FIX_ENGLISH = [
    (r"(?<!\w)black\s+(?:on\s+)?friday(?!\w)", "black friday"),
    (r"(?<!\w)cyber\s+(?:on\s+)?monday(?!\w)", "cyber monday"),
]


def _day_code(n):
    return "".join("abcdefghij"[int(c)] for c in str(n))


def _nth(n):
    return str(n) + ("th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def day_alone_hidden(*patterns):
    """day_alone for the BEFORE rules, where dateparser would take "on the 15th" for this month's 15th
    (Korean, Arabic) or split its figures (Japanese, Chinese): the day is written in letters
    ("on_the_be_th") until UNHIDE_DAYS, the first glosses, write "on the 15th"."""
    rules = []
    for d in range(31, 0, -1):
        for p in patterns:
            rules.append((p.replace(r"(\d{1,2})", "(?:0?%d)" % d, 1) + NOT_A_DAY_AFTER, " on_the_" + _day_code(d) + "_th "))
    return rules


UNHIDE_DAYS = [(r"on_the_" + _day_code(d) + r"_th", "on the " + _nth(d) + " ,") for d in range(31, 0, -1)]
FIX_ENGLISH.append((r"(?<!\w)the\s+(\d{1,2})\s+(st|nd|rd|th)(?!\w)", r"the \1\2"))
