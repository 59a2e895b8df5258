"""Numbers: every number of the source is in the translation, and no number is invented.

Numbers are compared by value, the way a careful news editor reads them:

- thousands separators and decimals per locale (Babel): 1,200 = 1200 = 1 200 (narrow
  no-break space) = 1.200 in German; full-width digits fold (１２００);
- scale words and CJK multipliers: 3.5 million = 350만 = 350万 = 3백50만; 50 million
  = 5천만 = 5000万; $2.3 billion = 23억 = 23亿; $35,000 = 3만5천 = 3.5万;
- percentages: 12.4% = 12.4％ = 12.4퍼센트 = 百分之十二点四;
- dates and times: English month names (Babel's locale data) against 6월 / 6月 / juin;
  3 p.m. = 오후 3시 = 15시; June 3rd = 6월 3일;
- number words: "three years" may become 3년 or 三年, "one of them" 그중 한 명;
- unit conversions a translator may do: 10 miles = 16 km (5% tolerance).

A source number missing from the translation is reported; so is a number in the
translation that no source number, number word, month or conversion explains. Spelled-out
numerals in the target (세 명, 三年, 十一个月) can satisfy a source number but are never
reported as extra (一 hides in 统一, 만 is also a particle). Numbers inside inline tokens
(`transflow.text.inline`: URLs, e-mail addresses, placeholders, HTML tags, code spans, link
targets) are not read: those are copied as they are, and other checks compare them.

Modules: `quantity` (a number found in a text), `source` (digits, and English number words,
scales, dates, times and units), `target` (locale separators, CJK numerals), `quick` (the
quick accept that settles most translations), `check` (the full comparison, the check).
"""
