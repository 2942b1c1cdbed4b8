"""Log in with either the username or the e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class EmailOrUsernameBackend(ModelBackend):
    """Authenticate by e-mail or username, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        login = username or kwargs.get(user_model.USERNAME_FIELD) or kwargs.get("email")
        if not login or password is None:
            return None
        user = user_model._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login)).first()
        if user is None:
            # Spend the same time as a real check so that timing does not reveal which logins exist.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
