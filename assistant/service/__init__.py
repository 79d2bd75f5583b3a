"""The HTTP service: `create_app(settings)` (`app`), the typed dependencies every route takes
(`dependencies`), errors as JSON (`errors`), the HTTP shapes (`schemas`), Server-Sent Events
(`sse`), the worker threads answers run in (`workload`), the hot index swap (`hot_swap`), logs
and metrics, the per-client rate limit (`rate_limit`), and uvicorn's connections with the limits
its parsers lack (`connections`, run by `server`); the routes in `routes/` and the middleware in
`middleware/`.

It is the only package that knows HTTP (FastAPI, Starlette), and it may import every other
package but `evaluation`; none of them imports it.
"""
