# SCAFFOLD: replaced by the registry helper.
from ninja import NinjaAPI

api = NinjaAPI(urls_namespace="api-v1")
