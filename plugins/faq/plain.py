"""Plain-language checks on a FAQ page's body. They warn; `make check STRICT=1` makes them fail.

- a sentence longer than FAQ_MAX_SENTENCE_CHARS (an explanation in brackets does not count);
- a paragraph of more than FAQ_MAX_PARAGRAPH_SENTENCES sentences;
- a glossary term whose first use has no plain explanation right after it, in brackets.
"""

import re

from datafile.problems import Problem

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>]|^\s*(?:[-+*]|\d+[.)])\s+")


def _plain(line):
    return _MARKUP.sub(lambda m: m.group(1) or "", line).strip()


def _sentences(text):
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def check(faq, terms, max_sentence, max_paragraph):
    warnings = []
    name = faq.name

    def warn(line, message):
        warnings.append(Problem(name, line, message))

    paragraph, start = [], None
    rows = faq.body.splitlines() + [""]
    for offset, row in enumerate(rows):
        line = faq.body_line + offset
        text = _plain(row)
        for sentence in _sentences(text):
            length = len(re.sub(r"\s", "", _BRACKETED.sub("", sentence)))
            if length > max_sentence:
                warn(line, f"这句话有 {length} 个字，超过了 {max_sentence} 个字。请拆成两句短话：「{sentence[:20]}……」")
        is_block = row.strip() and not row.lstrip().startswith(("#", "-", "*", ">", "|")) and not re.match(r"\s*\d+[.)]", row)
        if is_block:
            start = start or line
            paragraph += _sentences(text)
        else:
            if len(paragraph) > max_paragraph:
                warn(start, f"这一段有 {len(paragraph)} 句话，超过了 {max_paragraph} 句。请分成两段，或者删去不必要的话")
            paragraph, start = [], None

    body = faq.body
    for term in terms:
        at = body.find(term.term)
        if at < 0:
            continue
        after = body[at + len(term.term):at + len(term.term) + 1]
        if after not in ("（", "("):
            line = faq.body_line + body[:at].count("\n")
            warn(line, f"「{term.term}」第一次出现时，请紧接着用括号解释，如：{term.term}（{term.plain}）")
    return warnings
