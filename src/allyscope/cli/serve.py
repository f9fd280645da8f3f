"""`allyscope serve`: the web page and REST API (api.create_app) under uvicorn."""

from __future__ import annotations

import typer

from .app import DB_OPTION, app, console


@app.command()
def serve(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Interface to listen on; one other machines can reach (0.0.0.0 for all) needs ALLYSCOPE_TOKEN.",
    ),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="A name the server is reached by (Host header) besides the loopback names and --host.",
    ),
    db: str = DB_OPTION,
    read_only: bool = typer.Option(
        False, "--read-only", help="Take no reviews; open the store read-only (other readers may share it)."
    ),
) -> None:
    """Serve the web page at / and the REST API under /api (OpenAPI docs at /docs) over the store;
    the page takes reviews unless --read-only.

    With ALLYSCOPE_TOKEN set, every API request must send `Authorization: Bearer <token>` (the
    page asks for it once per tab)."""
    import uvicorn

    from ..api import create_app
    from ..store import default_db_path

    web = create_app(
        db or default_db_path(), host=host, allowed_hosts=tuple(allow_host), writable=not read_only
    )
    console.print(
        f"allyscope on http://{host}:{port}/ (API docs at /docs); store: {web.state.db_path}",
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
    uvicorn.run(web, host=host, port=port, log_level="warning")
