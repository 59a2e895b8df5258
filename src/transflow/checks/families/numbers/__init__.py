"""Numbers: every number of the source is in the translation, and no number is invented.

Numbers are compared by value, the way a careful news editor reads them:

- thousands separators and decimals per locale (Babel): 1,200 = 1200 = 1 200 (narrow
  no-break space) = 1.200 in German; full-width digits fold (１２００); Indian grouping
  (3,45,120) and Indian scale words (10 lakh = 100만, 5 crore = 5000万);
- scale words and CJK multipliers, with or without a space: 3.5 million = 350만 = 350万 =
  350 万 = 3백50만; 50 million = 5천만 = 5000万; $2.3 billion = 23억 = 23亿; $35,000 =
  3만5천 = 3.5万; $1.7 trillion = 1.7万亿;
- percentages and fractions: 12.4% = 12.4％ = 12.4퍼센트 = 百分之十二点四; 50% = 一半 = 절반;
  25% = a quarter = 4분의 1 = 四分之一; 30% = 三成; two-thirds = 3분의 2 (exact values only:
  33% is not 三分之一);
- dates and times: English month names (Babel's locale data) against 6월 / 6月 / juin;
  3 p.m. = 오후 3시 = 15시; 3:30 p.m. = 15:30 = 3点半; June 3rd = 6월 3일; decades: the
  1960s = 1960년대 = 60年代 = 20世纪60年代; the 1800s = 19世纪;
- ranges written the CJK way: 80 or 90 = 8、90 = 八九十; 20,000 to 30,000 = 2~3만;
- number words: "three years" may become 3년 or 三年, "one of them" 그중 한 명, "two decades"
  20년;
- unit conversions a translator may do: 10 miles = 16 km (5% tolerance for the converted
  value, none for the value as written).

A source number missing from the translation is reported; so is a number in the
translation that no source number, number word, month or conversion explains. A number
that is part of a name (G7, Covid-19, F-16, A380, 5G, 9/11) may be left out with the name
(七国集团, 新冠, 911 事件), but one the translation writes must match. Spelled-out numerals in
the target (세 명, 三年, 十一个月) can satisfy a source number; they are reported as extra
only where they are surely numbers (fractions, percentages, ordinals from 第三, numerals
from 3 before a counting word: 三天, 세 명; 两 and 두 before a counting word of things), not
where they may be words (一 hides in 统一, 만 is also a particle, 两人 is "they").
Exponents and list markers (㎥, km², ①) are not numbers. Numbers inside inline tokens
(`transflow.text.inline`: URLs, e-mail addresses, placeholders, HTML tags, code spans, link
targets) are not read: those are copied as they are, and other checks compare them.

Modules: `quantity` (a number found in a text), `source` (digits, names, decades, and
English number words, scales, dates, times and units), `target` (locale separators, CJK
numerals, ranges and fractions), `quick` (the quick accept that settles most translations),
`check` (the full comparison, the check). `tests/test_numbers_eval.py` measures false alarms
and recall on professional translations; `tests/test_numbers_fastpaths.py` holds the quick
paths to the full parse.
"""
