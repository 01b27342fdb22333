"""Settings: `base` holds what every environment shares; `dev` (the default, SQLite, keys generated
into var/), `test` and `production` (refuses to start without real secrets) build on it."""
