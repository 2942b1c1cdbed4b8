"""Helpers to send what a browser never sends but an attacker can: text no database can store.

A lone surrogate cannot be typed in a UTF-8 form, but UTF-7 encodes it as ``+2AA-``, and Django decodes a
multipart body and a query string in the charset that ``Content-Type`` declares (for a GET too); only a urlencoded
body must be UTF-8.
"""

from urllib.parse import quote

SURROGATE = "x\ud800y"
NUL = "x\x00y"
BOUNDARY = "MalformedInputBoundary"
UTF7_MULTIPART = f"multipart/form-data; boundary={BOUNDARY}; charset=utf-7"
UTF7_HEADER = "text/plain; charset=utf-7"


def utf7(data: dict) -> str:
    """``data`` (values may be lists) as a form body or query string in UTF-7, so any ``str`` arrives as it is."""
    pairs = []
    for name, values in data.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            pairs.append(f"{quote(str(name).encode('utf-7'))}={quote(str(value).encode('utf-7'))}")
    return "&".join(pairs)


def utf7_multipart(data: dict) -> bytes:
    """``data`` as a multipart body whose fields are UTF-7."""
    parts = []
    for name, values in data.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="'.encode()
                + str(name).replace('"', "%22").encode("utf-7")
                + b'"\r\n\r\n'
                + str(value).encode("utf-7")
                + b"\r\n"
            )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_utf7(client, url: str, data: dict, **extra):
    # ``generic``: ``post`` would re-encode the body into the declared charset.
    return client.generic("POST", url, utf7_multipart(data), content_type=UTF7_MULTIPART, **extra)


def get_utf7(client, url: str, data: dict, **extra):
    return client.get(f"{url}?{utf7(data)}", CONTENT_TYPE=UTF7_HEADER, **extra)
