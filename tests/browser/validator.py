"""HTML validity: the Nu Html Checker (vnu.jar from the npm package ``vnu-jar``, installed into
.tools/ by ``make setup-test``) on the machine's Java. Pages are collected while a test visits
them and checked in one run of the checker at the end, which starts Java only once.

Run it alone on saved pages: ``java -jar .tools/node_modules/vnu-jar/build/dist/vnu.jar
--errors-only page.html``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Messages of the checker that are wrong for valid HTML5, each matched exactly.
FALSE_POSITIVES: list[re.Pattern[str]] = []


class HtmlPages:
    """The HTML of the pages a test saw, written to files and validated in one go."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="civic-html-"))
        self.labels: dict[str, str] = {}
        self._seen: set[int] = set()

    def add(self, label: str, html: str) -> None:
        """Keep one page's HTML; ``label`` names it in failures (role, state and URL)."""
        key = hash(html)
        if key in self._seen:
            return
        self._seen.add(key)
        path = self.folder / f"page-{len(self.labels):04d}.html"
        path.write_text(html, encoding="utf-8")
        self.labels[path.name] = label

    def errors(self) -> list[str]:
        """Every error of every page as ``label – line N: message``."""
        if not self.labels:
            return []
        java = shutil.which("java")
        assert java, "Java is missing: the HTML checker needs it (apt-get install default-jre)"
        assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make setup-test`"
        files = sorted(self.folder.glob("page-*.html"))
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            messages = json.loads(result.stderr or result.stdout)["messages"]
        except (ValueError, KeyError) as error:
            raise AssertionError(f"the HTML checker failed: {result.stderr}") from error
        found = []
        for message in messages:
            text = message.get("message", "")
            if message.get("type") != "error" and message.get("subType") != "fatal":
                continue
            if any(pattern.fullmatch(text) for pattern in FALSE_POSITIVES):
                continue
            url = message.get("url", "")
            label = self.labels.get(url.rsplit("/", 1)[-1], url)
            found.append(f"{label} – line {message.get('lastLine', '?')}: {text}")
        return found

    def assert_valid(self) -> None:
        errors = self.errors()
        shutil.rmtree(self.folder, ignore_errors=True)
        assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
