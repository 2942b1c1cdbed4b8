"""Public views of certificates: look-up by number, the check page, the PDF, the Open Badges credential (JSON and
VC-JWT), the course's achievement page, and what a verifier needs: the issuer profile, the public keys (each at its
own address, which is its ``kid``, and as a key set) and the revocation status lists.

All of them are public and show only what the check page shows: never an e-mail or another contact. The machine
endpoints allow cross-origin reads, so that badge wallets and verifiers running in a browser can fetch them.
"""

from django import forms
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from course.cleaning import StorableTextFormMixin
from course.throttling import minutes, retry_after
from mentors.credentials import addresses, badges, signing
from mentors.credentials.achievements import achievement_course, competency_sections
from mentors.credentials.lookup import find_by_number, lookup_counter
from mentors.credentials.pdf import ensure_pdf
from mentors.credentials.status_list import CACHE_SECONDS, list_exists, sign_status_list
from mentors.models.certificates import Certificate, CertificateStatus
from mentors.models.profiles import MentorProfile

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}
MAX_NUMBER_LENGTH = 40
# The media types of W3C VC 2.0: a credential as JSON-LD, and secured as a JWT (VC-JOSE-COSE).
VC_MEDIA_TYPE = "application/vc"
VC_JWT_MEDIA_TYPE = "application/vc+jwt"


class CertificateLookupForm(StorableTextFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=MAX_NUMBER_LENGTH,
        help_text=_("As printed on the certificate, for example НП-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def _certificate(code: str) -> Certificate | None:
    return Certificate.objects.select_related("course").filter(code=code).first()


def _not_found(request, status: int = 404):
    return TemplateResponse(request, "mentors/certificates/not_found.html", {}, status=status)


def _json_not_found():
    return _public(JsonResponse({"error": "not_found"}, status=404))


def _public(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def lookup(request):
    """A form: found -> the check page; not found -> the form with an error; too many look-ups -> 429."""
    form = CertificateLookupForm(request.GET if "number" in request.GET else None)
    status = 200
    response_headers = {}
    if form.is_bound:
        counter = lookup_counter(request)
        wait = retry_after([counter])
        if wait:
            form = CertificateLookupForm(initial={"number": request.GET.get("number", "")[:MAX_NUMBER_LENGTH]})
            wait_minutes = minutes(wait)
            form.throttled = ngettext(
                "Too many checks from your address. Try again in %(minutes)s minute.",
                "Too many checks from your address. Try again in %(minutes)s minutes.",
                wait_minutes,
            ) % {"minutes": wait_minutes}
            status = 429
            response_headers["Retry-After"] = str(wait)
        elif form.is_valid():
            counter.hit()
            certificate = find_by_number(form.cleaned_data["number"])
            if certificate is not None:
                return redirect(certificate)
            form.add_error(
                "number", gettext("No certificate has this number. Check it against the printed certificate.")
            )
    response = TemplateResponse(request, "mentors/certificates/lookup.html", {"form": form}, status=status)
    for header, value in response_headers.items():
        response[header] = value
    return response


@require_GET
def check(request, code):
    certificate = _certificate(code)
    if certificate is None:
        return _not_found(request)
    profile = MentorProfile.objects.listed().filter(certificate=certificate).only("pk", "slug").first()
    context = {
        "certificate": certificate,
        "status": certificate.current_status,
        "levels": certificate.level_rows(),
        "profile_url": profile.get_absolute_url() if profile else "",
    }
    return TemplateResponse(request, "mentors/certificates/check.html", context)


@require_GET
def pdf(request, code):
    """The stored PDF, rendered at the first request if it is missing.

    A revoked certificate's PDF is not served (410 Gone, with a page that links to the check page): a printed copy
    cannot be taken back, but the site need not hand out new ones. An expired certificate's PDF is still served:
    it prints its expiry date, and the check page says it has passed. Nor is the PDF of a certificate whose holder
    had their personal data removed (410 too): it would print the name.
    """
    certificate = _certificate(code)
    if certificate is None:
        return _not_found(request)
    if certificate.current_status == CertificateStatus.REVOKED:
        return TemplateResponse(
            request, "mentors/certificates/pdf_revoked.html", {"certificate": certificate}, status=410
        )
    if certificate.holder_data_removed:
        # The PDF prints the holder's name, which was removed at their request: it is not made again.
        return TemplateResponse(
            request, "mentors/certificates/pdf_unavailable.html", {"certificate": certificate}, status=410
        )
    stored = ensure_pdf(certificate)
    return FileResponse(stored.open("rb"), content_type="application/pdf", filename=f"{certificate.number}.pdf")


def _json_ld_media_type(request, media_type: str) -> str:
    """``media_type`` for machines; a browser opening the link (it asks for HTML first) gets plain JSON, which it
    shows instead of downloading."""
    accept = request.headers.get("Accept", "")
    if accept.split(",")[0].strip().startswith("text/html"):
        return "application/json; charset=utf-8"
    return media_type


@require_GET
@vary_on_headers("Accept")
def badge_json(request, code):
    certificate = _certificate(code)
    if certificate is None:
        return _json_not_found()
    credential = badges.build_credential(certificate)
    content_type = _json_ld_media_type(request, VC_MEDIA_TYPE)
    return _public(JsonResponse(credential, content_type=content_type, json_dumps_params=JSON_OPTIONS))


@require_GET
def badge_jwt(request, code):
    """Signed afresh on every request; a revoked certificate's JWT is still served: its status list says revoked."""
    certificate = _certificate(code)
    if certificate is None:
        return _json_not_found()
    token = badges.sign_credential(badges.build_credential(certificate))
    return _public(HttpResponse(token, content_type=VC_JWT_MEDIA_TYPE))


@require_GET
def achievement(request, course_id):
    """The course's Open Badges Achievement for people: what it certifies, its criteria, one section per competency."""
    course = achievement_course(course_id)
    if course is None:
        return _not_found(request)
    context = {
        "course": course,
        "achievement_id": addresses.achievement_url(course.pk),
        "criteria": badges.criteria_narrative(course.certification_level),
        "framework": badges.competency_framework(),
        "competencies": competency_sections(),
    }
    return TemplateResponse(request, "mentors/certificates/achievement.html", context)


@require_GET
@vary_on_headers("Accept")
@cache_control(public=True, max_age=3600)
def issuer(request):
    profile = badges.issuer_profile(with_context=True)
    content_type = _json_ld_media_type(request, "application/ld+json")
    return _public(JsonResponse(profile, content_type=content_type, json_dumps_params=JSON_OPTIONS))


@require_GET
@cache_control(public=True, max_age=3600)
def jwks(request):
    return _public(JsonResponse(signing.jwks(), content_type="application/jwk-set+json"))


@require_GET
@cache_control(public=True, max_age=3600)
def public_key(request, kid):
    """One public key as a JWK: the JWT header's ``kid`` is this address."""
    key = signing.find_key(kid)
    if key is None:
        return _json_not_found()
    return _public(JsonResponse(signing.public_jwk(key), content_type="application/jwk+json"))


@require_GET
def status_list(request, list_id):
    """The signed revocation list (``BitstringStatusListCredential`` as a VC-JWT), current as of the request."""
    if not list_exists(list_id):
        return _json_not_found()
    response = HttpResponse(sign_status_list(list_id), content_type=VC_JWT_MEDIA_TYPE)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return _public(response)
