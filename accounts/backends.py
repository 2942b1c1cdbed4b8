"""Log in with either the username or the e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Case, IntegerField, Q, Value, When


class EmailOrUsernameBackend(ModelBackend):
    """Authenticate by e-mail or username, case-insensitively.

    A username may look like somebody else's e-mail, so every account the login matches is tried, the username
    match first.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        login = username or kwargs.get(user_model.USERNAME_FIELD) or kwargs.get("email")
        if not login or password is None:
            return None
        candidates = (
            user_model._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .annotate(
                username_match=Case(
                    When(username__iexact=login, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .order_by("username_match", "pk")
        )
        matched = False
        for user in candidates:
            matched = True
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        if not matched:
            # Spend the same time as a real check so that timing does not reveal which logins exist.
            user_model().set_password(password)
        return None

    def get_user(self, user_id):
        # The session's user with the plugin's learner profile in the same query: every page names the person
        # (``course.people``), which reads the patronymic from it.
        user = get_user_model()._default_manager.select_related("learner").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
