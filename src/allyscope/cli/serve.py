"""`allyscope serve`: the web page and REST API (api.create_app) under uvicorn."""

from __future__ import annotations

import typer

from .app import DB_OPTION, app, console


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0 for all)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    db: str = DB_OPTION,
    read_only: bool = typer.Option(
        False, "--read-only", help="Take no reviews; open the store read-only (other readers may share it)."
    ),
) -> None:
    """Serve the web page at / and the REST API under /api (OpenAPI docs at /docs) over the store;
    the page takes reviews unless --read-only (with ALLYSCOPE_TOKEN set, writes need it)."""
    import uvicorn

    from ..api import create_app
    from ..store import default_db_path

    web = create_app(db or default_db_path(), writable=not read_only)
    console.print(
        f"allyscope on http://{host}:{port}/ (API docs at /docs); store: {web.state.db_path}",
        soft_wrap=True,
        highlight=False,
    )
    uvicorn.run(web, host=host, port=port, log_level="warning")
