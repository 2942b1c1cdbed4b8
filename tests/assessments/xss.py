"""A corpus of XSS vectors for every input that takes user HTML."""

from bs4 import BeautifulSoup

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

FORBIDDEN_TAGS = {"script", "iframe", "frame", "object", "embed", "meta", "base", "style", "link"}
URL_ATTRIBUTES = {"href", "src", "action", "data", "formaction", "xlink:href", "content"}


def assert_harmless(html: str) -> None:
    """Parse the page as a browser would and look for anything that runs: no scripts but our own static files, no
    event-handler attributes, no script URLs, no embedding elements. Escaped text of a vector is harmless."""
    document = BeautifulSoup(html, "html.parser")
    scripts = document.find_all("script")
    assert all(script.get("src", "").startswith("/static/") and not script.string for script in scripts), scripts
    content = document.find("main") or document  # what users wrote is shown in the main content
    raw = html.lower()
    raw_main = raw[raw.find("<main") : raw.rfind("</main>")] if "<main" in raw else raw
    assert "<script" not in raw_main.replace('<script src="/static/', ""), "a script tag in the content"
    for element in content.find_all(True):
        assert element.name.lower() not in FORBIDDEN_TAGS, element
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), element
            assert attribute.lower() != "style" or "url(" not in str(value).lower(), element
            if attribute.lower() in URL_ATTRIBUTES:
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not text.strip().lower().startswith(("javascript:", "data:", "vbscript:")), element
