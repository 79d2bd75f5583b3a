"""Where the fixed question set lives: the tests name it, the package never does."""

from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
