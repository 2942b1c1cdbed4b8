"""An analysis refused on submit: the error summary comes first in the form, takes the focus and names the field."""

from django.urls import reverse

import pytest

from assessments.models import CaseSubmission, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_an_empty_submit_shows_the_error_where_the_eye_is(client, case_study, learner):
    client.force_login(learner)
    response = client.post(
        reverse("assessments:case_analysis", args=[case_study.pk]), {"analysis": "", "action": "submit"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#analysis-errors")
    body = client.get(response["Location"].split("#")[0]).content.decode()
    summary = body.split('id="analysis-errors"', 1)[1].split("</div>", 1)[0]
    assert "autofocus" in body.split('id="analysis-errors"', 1)[0].rsplit("<div", 1)[1] + summary
    assert 'href="#analysis-text"' in summary
    textarea = body.split('<textarea id="analysis-text"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in textarea and 'aria-describedby="analysis-error analysis-help"' in textarea
    assert not CaseSubmission.objects.filter(status=SubmissionStatus.SUBMITTED).exists()
    # Shown once: the next visit is a clean form.
    assert 'id="analysis-errors"' not in client.get(case_study.url).content.decode()
