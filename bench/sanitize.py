"""Benchmark of the HTML sanitiser's worst case: hostile inputs at the largest size the guard accepts.

    make bench-sanitize                  # every family, then random mixes; exits 1 if the slowest is over 100 ms
    BENCH_SANITIZE_SAMPLES=2000 make bench-sanitize

Each family of adversarial text (deep and crossed markup, tag and attribute floods, comments, character references,
links, long names, paragraphs...) is grown to the largest input ``course.sanitize`` still accepts (at most
``MAX_INPUT_LENGTH`` characters and ``MAX_MARKUP`` markup tokens), then sanitised the way a case analysis is
(``user_html`` and ``text_length``); the time is the median of several runs. Random mixes of the same pieces follow.
Inputs the guard refuses are timed too: refusing must be cheap. Writes bench/sanitize-results.json.
"""

import contextlib
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "sanitize-results.json"
TARGET_MS = 100.0


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms_site.settings.test")
    import django

    django.setup()


def families(sanitize) -> dict:
    """Name -> a function of a repetition count giving the input."""
    url = "https://example.org/" + "a" * 2000
    dashes = "-" * 30
    return {
        "plain Cyrillic text": lambda n: "Наставник помогает молодому учителю. " * n,
        "plain text, & everywhere": lambda n: "R&D " * n,
        "plain text, one-line paragraphs": lambda n: "а\n\n" * n,
        "plain text, line breaks": lambda n: "а\n" * n,
        "bare domains to link": lambda n: "a.ru " * n,
        "URLs to link": lambda n: "http://a.ru/x " * n,
        "the audit's <ul><li>": lambda n: "<ul><li>" * n,
        "<b>x</b> flood": lambda n: "<b>x</b>" * n,
        "<p> left open": lambda n: "<p>x" * n,
        "stray </p>": lambda n: "</p>" * n,
        "<li> siblings": lambda n: "<ul>" + "<li>x" * n + "</ul>",
        "<br> flood": lambda n: "<br>" * n,
        "nested to the limit": lambda n: (
            ("<ul><li>" * (sanitize.MAX_NESTING // 2) + "x" + "</li></ul>" * (sanitize.MAX_NESTING // 2)) * n
        ),
        "formatting nested to the limit": lambda n: (
            ("<b><i><u><em><strong>" * 2 + "x" + "</strong></em></u></i></b>" * 2) * n
        ),
        "disallowed tags, 8 bare attributes": lambda n: "<x a b c d e f g h>" * n,
        "disallowed tags, 8 long attributes": lambda n: (
            ("<x " + " ".join(f"a{dashes}{i}=v" for i in range(8)) + ">") * n
        ),
        "long tag names": lambda n: f"<a{dashes}>x" * n,
        "links with 2 KB URLs": lambda n: f'<a href="{url}" title="{url[:1000]}">x</a>' * n,
        "unquoted 2 KB values": lambda n: f"<b title={url}>x</b>" * n,
        "comments of 1 KB": lambda n: ("<!--" + "x" * 1020 + "-->") * n,
        "bare <": lambda n: "a < b " * n,
        "numeric references": lambda n: "<p>" + "&#x1F600;" * n + "</p>",
        "named references": lambda n: "<p>" + "&amp;" * n + "</p>",
        "long names after &": lambda n: "<p>" + "&" + "abcdefghijklmnop" * n + "</p>",
        "& inside attributes": lambda n: '<a title="' + "&amp;" * n + '">x</a>',
        "whitespace runs": lambda n: "<b>x</b>" + " \n" * n,
        "entities in attributes, many tags": lambda n: '<a title="&amp;&lt;">x</a>' * n,
    }


def message_families(sanitize) -> dict:
    """A school's request message: plain text of at most 3 000 characters, with its own markup budget."""
    from html import escape

    from mentors.requests.forms import MESSAGE_MAX_LENGTH, MESSAGE_MAX_MARKUP

    def message(text):
        text = text[:MESSAGE_MAX_LENGTH]
        paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
        html = "".join(f"<p>{escape(part)}</p>".replace("\n", "<br>") for part in paragraphs)
        return lambda: sanitize.sanitize_html(html, max_markup=MESSAGE_MAX_MARKUP)

    return {
        "request message: & and < only": message("&<" * MESSAGE_MAX_LENGTH),
        "request message: & and line breaks": message("&\n" * MESSAGE_MAX_LENGTH),
        "request message: paragraphs of &": message("&\n\n" * MESSAGE_MAX_LENGTH),
    }


def largest_accepted(sanitize, make) -> tuple[str | None, int]:
    """The input of the family with the most repetitions the guard accepts (binary search on the count)."""
    low, high = 0, 1
    while accepted(sanitize, make(high)):
        low, high = high, high * 2
        if high > 100_000:
            break
    while high - low > 1:
        middle = (low + high) // 2
        if accepted(sanitize, make(middle)):
            low = middle
        else:
            high = middle
    return (make(low) if low else None), low


def accepted(sanitize, text: str) -> bool:
    try:
        sanitize.user_html(text, max_length=sanitize.MAX_INPUT_LENGTH)
    except sanitize.MarkupRejected:
        return False
    return True


def timed(sanitize, text: str, runs: int) -> float:
    """CPU milliseconds (the process's, so other load on the machine counts less), median of ``runs``."""
    samples = []
    gc.collect()
    for _ in range(runs):
        started = time.process_time()
        with contextlib.suppress(sanitize.MarkupRejected):
            sanitize.text_length(sanitize.user_html(text, max_length=sanitize.MAX_INPUT_LENGTH))
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


def random_mix(rng: random.Random, sanitize, pieces: list[str]) -> str:
    """Random pieces up to the cap, cut back to the longest prefix the guard accepts."""
    parts, size = [], 0
    while size < sanitize.MAX_INPUT_LENGTH:
        piece = rng.choice(pieces)
        parts.append(piece)
        size += len(piece)
    return largest_accepted(sanitize, lambda count: "".join(parts[:count])[: sanitize.MAX_INPUT_LENGTH])[0] or ""


def main() -> int:
    setup()
    from course import sanitize

    runs = int(os.environ.get("BENCH_SANITIZE_RUNS", "5"))
    samples = int(os.environ.get("BENCH_SANITIZE_SAMPLES", "300"))
    rows = []
    limits = (sanitize.MAX_INPUT_LENGTH, sanitize.MAX_MARKUP, sanitize.MAX_NESTING)
    print("cap {} characters, {} markup tokens, depth {}; CPU ms, median".format(*limits))
    print(f"{'family':40} {'chars':>7} {'ms':>7}")
    for name, make in families(sanitize).items():
        text, count = largest_accepted(sanitize, make)
        if text is None:
            print(f"{name:40} {'refused at any size':>15}")
            continue
        ms = timed(sanitize, text, runs)
        rows.append({"family": name, "chars": len(text), "repetitions": count, "ms": round(ms, 1)})
        print(f"{name:40} {len(text):>7} {ms:>7.1f}")

    # Pieces that keep the markup well formed, so that most mixes pass the guard and get timed.
    pieces = [
        "<b>x</b>", "<i><b>x</b></i>", "<p>x", "</p>", "<ul><li>a<li>b</ul>", "<blockquote><p>q</blockquote>",
        "<a href=x>l</a>", "<br>", "&amp;", "&#1;", "&", " < ", "a.ru ", "<!--x-->", "<x a b c>", "\n\n",
        "текст ", "https://e.org/ ", "<h3>t</h3>", '"', "'", "=", "-", "<ol><li><ul><li>x</ul></ol>",
    ]  # fmt: skip
    rng = random.Random(10)
    for name, run in message_families(sanitize).items():
        samples_ms = []
        for _ in range(runs):
            started = time.process_time()
            run()
            samples_ms.append((time.process_time() - started) * 1000)
        ms = statistics.median(samples_ms)
        rows.append({"family": name, "chars": 3000, "repetitions": 1, "ms": round(ms, 1)})
        print(f"{name:40} {3000:>7} {ms:>7.1f}")

    mixes = [text for text in (random_mix(rng, sanitize, pieces) for _ in range(samples)) if text]
    # One run each to rank them, then the median of several runs of the ten slowest.
    ranked = sorted(mixes, key=lambda text: timed(sanitize, text, 1), reverse=True)[:10]
    slowest_mix = None
    for text in ranked:
        ms = timed(sanitize, text, runs)
        if slowest_mix is None or ms > slowest_mix["ms"]:
            slowest_mix = {"family": "random mix", "chars": len(text), "repetitions": 1, "ms": round(ms, 1)}
    accepted_mixes = len(mixes)
    if slowest_mix:
        rows.append(slowest_mix)
        label = f"random mixes: slowest of {accepted_mixes}"
        print(f"{label:40} {slowest_mix['chars']:>7} {slowest_mix['ms']:>7.1f}")

    refused = ["<ul><li>" * 24000, "а" * 64_000, "<ul><li>" * 3000, "<b>x</b>" * 3000, "<x " + "a " * 10_000 + ">"]
    refusal_ms = max(timed(sanitize, text, runs) for text in refused)
    print(f"{'refusing (worst of the audit inputs)':40} {'':>7} {refusal_ms:>7.1f}")

    worst = max(rows, key=lambda row: row["ms"])
    print(f"\nslowest accepted: {worst['family']} ({worst['chars']} characters): {worst['ms']} ms", end="")
    print(f" (target {TARGET_MS})")
    RESULTS.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()} {platform.python_version()} {os.cpu_count()} cpus",
                "cap": sanitize.MAX_INPUT_LENGTH,
                "max_markup": sanitize.MAX_MARKUP,
                "max_nesting": sanitize.MAX_NESTING,
                "rows": rows,
                "refusal_ms": round(refusal_ms, 1),
                "worst": worst,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return 0 if worst["ms"] <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
