"""The Redis cache keeps one client per connection pool instead of building one per operation."""

from lms_site.redis_cache import RedisCache


def test_one_client_serves_every_operation_on_a_pool():
    cache = RedisCache("redis://127.0.0.1:6379/0", {})
    client = cache._cache.get_client("a")  # building a client connects to nothing

    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: reads and writes share its pool
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)


def test_each_server_keeps_its_own_client():
    cache = RedisCache(["redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"], {})

    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()  # reads go to the other servers

    assert writer is not reader
    assert cache._cache.get_client() is reader
    assert reader.connection_pool.connection_kwargs["db"] == 1
