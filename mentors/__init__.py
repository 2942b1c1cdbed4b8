"""The mentors app: certification, credentials, the mentors' profiles, the public registry and mentoring requests.

Grouped by concept. No module imports another in a cycle, and none imports inside a function to dodge one
(``tests/mentors/test_layout.py`` checks both):

* ``models/`` — the Django models (certificates, profiles, requests) and ``MentorRegistryPage``. The page is the one
  model that imports views (its routes): ``registry.views`` and ``requests.views``. Modules of the app therefore import
  models by module (``mentors.models.profiles``), never through the ``mentors.models`` package, so the page sits at
  the top of the graph.
* ``certification/`` — the rules (``rules``), the issue and revocation (``issuing``), certificate numbers
  (``numbering``), many at once for the demo and the benchmark (``bulk``), the learner-dashboard checklist
  (``dashboard``) and the staff's certificate screens (``admin_views``).
* ``credentials/`` — what a certificate is shown and verified as: public addresses (``addresses``), the PDF
  (``pdf``), the Open Badges credential (``badges``), JWT signing and keys (``signing``), the revocation status list
  (``status_list``), the achievement page (``achievements``), look-up by number (``lookup``), the PDF and e-mail after
  the issue (``delivery``) and the public views of all of them (``views``).
* ``profiles/`` — the mentor's profile: built at certification, published with consent (``services``), photos,
  moderation, and the mentor's dashboard (``forms``, ``views``).
* ``registry/`` — the public registry: filters, full-text search and stemming, matching a mentee's needs, the
  public API, and the registry's views.
* ``requests/`` — mentoring requests: the rules (``services``), their e-mails (``tasks``), forms, the mentor's
  dashboard panel, the views on the registry page (``views``) and the confirmation link's page (``confirmation``).

At the top: ``tasks`` (background work with a stable dotted path), ``receivers``, ``housekeeping``, ``personal_data``
(the data-rights export and erasure), ``staff_views`` (profiles and requests in the admin), ``checks``, ``urls`` and
``wagtail_hooks``.
"""
