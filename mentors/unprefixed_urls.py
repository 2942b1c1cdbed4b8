"""The plugin's addresses outside the language prefix, included at the host's root:
``path("", include("mentors.unprefixed_urls"))``. The credentials' issuer profile, public keys and revocation status
lists are printed into every credential and must not change with the language; the registry API is language-free.
"""

from django.urls import path

import course.converters  # noqa: F401  (the <id:...> converter)
from mentors.credentials import views as certificates
from mentors.registry.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("badges/issuer.json", certificates.issuer, name="mentors_issuer"),
    path(".well-known/jwks.json", certificates.jwks, name="mentors_jwks"),
    path("badges/keys/<slug:kid>.json", certificates.public_key, name="mentors_key"),
    path("badges/status/<id:list_id>", certificates.status_list, name="mentors_status_list"),
]
