"""The SQL of the data layer, one `.sql` file per statement group, loaded by name."""
from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).parent


@cache
def sql(name: str) -> str:
    """The text of `data/sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file, split on ';' at line ends."""
    return [s.strip() for s in sql(name).split(";\n") if s.strip() and not _only_comments(s)]


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())
