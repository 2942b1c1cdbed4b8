"""A corpus of XSS vectors for every input that takes user HTML."""

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">ссылка</a>',
    '<a href="JaVaScRiPt:alert(1)">ссылка</a>',
    '<a href="&#106;avascript:alert(1)">ссылка</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ссылка</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<body onload=alert(1)>",
    '<p style="background:url(javascript:alert(1))">текст</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div onmouseover="alert(1)">наведи</div>',
    "<object data=javascript:alert(1)>",
    '<embed src="javascript:alert(1)">',
    "<form action=javascript:alert(1)><button>ok</button></form>",
    '<input autofocus onfocus="alert(1)">',
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    '<a href="https://example.org" onclick="alert(1)">ok</a>',
]

# What must never appear in a page that shows one of the vectors.
DANGEROUS = [
    "<script",
    "onerror=",
    "onload=",
    "javascript:",
    "<iframe",
    "onmouseover",
    "<svg onload",
    "onfocus",
    "ontoggle",
]


def assert_harmless(html: str) -> None:
    lowered = html.lower()
    for marker in DANGEROUS:
        # Our own pages contain no inline <script> with content other than the static files' tags.
        if marker == "<script":
            assert all(tag.startswith("<script src=") for tag in _tags(lowered, "<script")), html
            continue
        assert marker not in lowered, (marker, html)


def _tags(html: str, start: str) -> list[str]:
    found, index = [], html.find(start)
    while index != -1:
        found.append(html[index : html.find(">", index) + 1])
        index = html.find(start, index + 1)
    return found
