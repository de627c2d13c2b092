"""Shared fixtures: one engine for the whole session (building one loads the dictionaries), the
example pages, and the `bitext` binary the Python results are compared with."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import bitext

REPO = Path(__file__).resolve().parents[2]
PAGES = sorted((REPO / "examples" / "pages").glob("*.txt"))


def bitext_binary() -> str:
    """The CLI to compare with: $BITEXT_BIN, else a release or debug build in the target
    directory, else `bitext` on the PATH. Missing is a failure, not a skip."""
    candidates = [os.environ.get("BITEXT_BIN")]
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    candidates += [str(target / "release" / "bitext"), str(target / "debug" / "bitext")]
    candidates.append(shutil.which("bitext"))
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    pytest.fail(
        "no bitext binary: build it (cargo build --release) or set BITEXT_BIN", pytrace=False
    )


@pytest.fixture(scope="session")
def engine() -> bitext.Engine:
    return bitext.Engine()


@pytest.fixture(scope="session")
def cli() -> str:
    return bitext_binary()


def run_cli(cli: str, *args: str, input: str = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [cli, *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        # The model only when a test asks for it (--embed), as the engines here have none.
        env={**{k: v for k, v in os.environ.items() if k != "BITEXT_MODEL"}, "NO_COLOR": "1"},
    )
