"""The HTTP floor: a FastAPI app that answers POST /api/chat with a canned reply and does nothing else.

`BENCH_FLOOR_REPLY` names a JSON file holding a real reply, so the floor sends as many bytes as
the assistant does.
"""

import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response

REPLY = Path(os.environ["BENCH_FLOOR_REPLY"]).read_bytes()

app = FastAPI()


@app.post("/api/chat")
async def chat(request: Request) -> Response:
    await request.body()
    return Response(REPLY, media_type="application/json")


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
