"""Reporting reads on the database replica (issue 24): a server started with
``db_replica_host``/``db_replica_port`` (``bin/run --replica``) serves Odoo's read-only
requests (``@api.readonly`` methods such as the dashboard's, the analysis views'
``web_read_group``/``web_search_read``, the ``/report`` route) from the standby; the figures
built inside a read/write request (the quarterly export, the monthly report the first time
it is filed) are read there too through :func:`on_replica`. Without a replica, or when it
cannot be reached, everything is read from the primary."""


def on_replica(env, func):
    """``func(env)`` run on a read-only cursor of the replica when the server has one (Odoo
    falls back to the primary when the replica cannot be reached), else on ``env`` itself
    (no replica, tests, or a request already on the replica). ``func`` only reads; what it
    returns must not need the replica's cursor afterwards (rebind records with
    ``with_env``)."""
    registry = env.registry
    if (
        getattr(registry, "_db_readonly", None) is None
        or registry.test_cr is not None
        or env.cr.readonly
    ):
        return func(env)
    with registry.cursor(readonly=True) as cr:
        return func(env(cr=cr))
