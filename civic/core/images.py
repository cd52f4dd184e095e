"""Uploaded images: checked by content, re-encoded (which drops every metadata block such as
EXIF and GPS), scaled down and stored under a random name outside ``static/``."""

from __future__ import annotations

import secrets
from io import BytesIO
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from civic.core.errors import OperationError

ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg"}
Image.MAX_IMAGE_PIXELS = 40_000_000


def store_image(
    stream: IO[bytes], field: str, max_bytes: int = 2 * 1024 * 1024, max_side: int = 1600
) -> str:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OperationError(
            _l("The image is larger than %(mb)d MB.", mb=max_bytes // 2**20), field=field
        )
    try:
        with Image.open(BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in ALLOWED_FORMATS:
            raise OperationError(_l("Please upload a PNG or JPEG image."), field=field)
        with Image.open(BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            if kind == "JPEG" and image.mode not in {"RGB", "L"}:
                image = image.convert("RGB")
            if kind == "PNG" and image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
                image = image.convert("RGBA")
            out = BytesIO()
            # Saving without exif/icc/pnginfo arguments writes pixels only.
            image.save(out, format=kind, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError, ValueError):
        raise OperationError(
            _l("This file is not a readable PNG or JPEG image."), field=field
        ) from None
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{ALLOWED_FORMATS[kind]}"
    (folder / name).write_bytes(out.getvalue())
    return name
