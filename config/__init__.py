"""User-editable configuration: workspace settings, category rules, target allocations.

The shipped defaults live in `config/defaults/`; each workspace gets its own copy in
`<workspace>/config/` on creation, which users edit. This package only reads and writes
those TOML files into plain values; it knows nothing of the database or the UI.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from config.errors import UserError

CATEGORIES = ("feature", "defect", "debt", "enabler", "architecture", "devops")
TECHNICAL_CATEGORIES = ("debt", "enabler", "architecture", "devops")
STATUS_CATEGORIES = ("todo", "in_progress", "done")
DEFAULTS_DIR = Path(__file__).parent / "defaults"
CONFIG_FILES = ("settings.toml", "categories.toml", "targets.toml")


class ConfigError(UserError):
    """A configuration file cannot be read or holds an invalid value."""


@dataclass(frozen=True)
class Settings:
    base_url: str = ""
    timezone: str = "UTC"
    team_fallback: str = "component"
    status_categories: dict[str, str] = field(default_factory=dict)
    default_points: float = 1.0


def ensure_config(config_dir: Path) -> None:
    """Copy the shipped defaults into `config_dir` for any file that is missing."""
    config_dir.mkdir(parents=True, exist_ok=True)
    for name in CONFIG_FILES:
        target = config_dir / name
        if not target.exists():
            shutil.copyfile(DEFAULTS_DIR / name, target)


def _read_toml(path: Path) -> dict:
    if not path.exists():
        path = DEFAULTS_DIR / path.name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or delete it to get the defaults back") from exc


def load_settings(config_dir: Path | None = None) -> Settings:
    raw = _read_toml((config_dir or DEFAULTS_DIR) / "settings.toml")
    status_map = {str(k).strip().lower(): str(v) for k, v in raw.get("status_categories", {}).items()}
    bad = sorted({v for v in status_map.values() if v not in STATUS_CATEGORIES})
    if bad:
        raise ConfigError(f"settings.toml [status_categories]: unknown category {bad[0]!r}; use one of {', '.join(STATUS_CATEGORIES)}")
    team_fallback = raw.get("import", {}).get("team_fallback", "component")
    if team_fallback not in ("component", "project"):
        raise ConfigError(f"settings.toml [import] team_fallback must be \"component\" or \"project\", not {team_fallback!r}")
    return Settings(
        base_url=str(raw.get("tracker", {}).get("base_url", "")).rstrip("/"),
        timezone=str(raw.get("import", {}).get("timezone", "UTC")),
        team_fallback=team_fallback,
        status_categories=status_map,
        default_points=float(raw.get("points", {}).get("default_points", 1.0)),
    )


@dataclass(frozen=True)
class AccessSettings:
    """Who may use the app and how (settings.toml [access])."""
    read_only: bool = False
    allowed_email_domains: tuple[str, ...] = ()


def load_access(config_dir: Path | None = None) -> AccessSettings:
    raw = _read_toml((config_dir or DEFAULTS_DIR) / "settings.toml").get("access", {})
    read_only = raw.get("read_only", False)
    domains = raw.get("allowed_email_domains", [])
    if not isinstance(read_only, bool):
        raise ConfigError(f"settings.toml [access] read_only must be true or false, not {read_only!r}")
    if isinstance(domains, str) or not all(isinstance(d, str) and d.strip() for d in domains):
        raise ConfigError('settings.toml [access] allowed_email_domains must be a list of domains, '
                          'like ["example.com"]')
    return AccessSettings(read_only, tuple(d.strip().lstrip("@").lower() for d in domains))


def load_category_rules(config_dir: Path | None = None) -> dict:
    """The raw rules document (`default` and a list of `rule` tables)."""
    return _read_toml((config_dir or DEFAULTS_DIR) / "categories.toml")


def load_targets(config_dir: Path | None = None) -> dict[str, dict[str, float]]:
    """Target shares per team; the key "default" applies to teams without their own."""
    raw = _read_toml((config_dir or DEFAULTS_DIR) / "targets.toml")
    targets = {"default": _check_shares("default", raw.get("default", {}))}
    for team, shares in raw.get("team", {}).items():
        targets[str(team)] = _check_shares(str(team), shares)
    return targets


def _check_shares(owner: str, shares: dict) -> dict[str, float]:
    unknown = sorted(set(shares) - set(CATEGORIES))
    if unknown:
        raise ConfigError(f"targets.toml [{owner}]: unknown category {unknown[0]!r}; use {', '.join(CATEGORIES)}")
    values = {c: float(shares.get(c, 0.0)) for c in CATEGORIES}
    if any(v < 0 for v in values.values()):
        raise ConfigError(f"targets.toml [{owner}]: shares cannot be negative")
    return values


def save_targets(config_dir: Path, targets: dict[str, dict[str, float]]) -> None:
    """Write targets back, keeping the explanatory header; shares are normalised to sum 1."""
    lines = [
        "# Target allocation of work per category, as shares that add up to 1.0.",
        "# [default] applies to every team without its own [team.\"NAME\"] table.",
        "# Written by TPO Dashboard (Roadmap balance page); you may edit it by hand.",
        "",
    ]
    for owner in ["default"] + sorted(k for k in targets if k != "default"):
        shares = _check_shares(owner, targets[owner])
        total = sum(shares.values()) or 1.0
        header = "[default]" if owner == "default" else f"[team.{_toml_string(owner)}]"
        lines.append(header)
        lines += [f"{c} = {round(shares[c] / total, 4)}" for c in CATEGORIES]
        lines.append("")
    text = "\n".join(lines)
    written = _parsed("targets.toml", text)
    owners = {"default", *written.get("team", {})}
    if owners != set(targets) | {"default"}:
        raise ConfigError("targets.toml: the targets could not be written faithfully; nothing was changed")
    write_config_file(config_dir / "targets.toml", text)


def write_config_file(path: Path, text: str) -> None:
    """Replace a config file with `text` only if it is valid TOML, atomically: readers see
    the old file or the new one, never half of one (also with two sessions saving at once)."""
    _parsed(path.name, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _parsed(name: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: the new content is not valid TOML ({exc}); nothing was changed") from exc


# TOML basic strings may not hold control characters (U+0000-U+001F, U+007F) as they are.
_TOML_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\b"): "\\b", ord("\t"): "\\t", ord("\n"): "\\n",
                 ord("\f"): "\\f", ord("\r"): "\\r"}
_TOML_ESCAPES.update({code: f"\\u{code:04X}" for code in [*range(0x20), 0x7F] if code not in _TOML_ESCAPES})


def _toml_string(text: str) -> str:
    """`text` as a TOML basic string (a quoted key or value), whatever characters it holds."""
    return '"' + text.translate(_TOML_ESCAPES) + '"'
