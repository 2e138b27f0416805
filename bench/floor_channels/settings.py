"""Only what Channels needs: the Redis channel layer, configured as Peerhaven's is."""

import os

DEBUG = False
SECRET_KEY = "floor-only-secret-key-for-benchmarks"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["channels"]
USE_TZ = True
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": os.environ["REDIS_URL"],
                    "socket_timeout": 15,
                    "socket_connect_timeout": 3,
                    "max_connections": 1000,
                    "health_check_interval": 30,
                }
            ],
            "capacity": 1500,
            "expiry": 60,
        },
    }
}
