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
from datetime import date
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
class PlanWeights:
    """How the Plan page ranks technical items: score = the sum of each weight times its number
    (settings.toml [plan]); ties go to more business items, later, more defects, older, key."""
    business_items: float = 10.0       # per open feature or defect waiting on the item
    late_per_30_days: float = 3.0      # per 30 days the item is planned after it is needed
    defect_interest: float = 0.2       # per defect created in its area in the last 90 days
    age_per_year: float = 0.5          # per year since it was created
    velocity_sprints: int = 3          # a team's recent velocity = mean of its last N sprints


@dataclass(frozen=True)
class Settings:
    base_url: str = ""
    timezone: str = "UTC"
    team_fallback: str = "component"
    status_categories: dict[str, str] = field(default_factory=dict)
    default_points: float = 1.0
    plan: PlanWeights = field(default_factory=PlanWeights)
    azure_team_level: int = 0          # Area Path level that names the team (0 = the last)
    # status name (lower case) -> category that wins over the export's own status category
    status_category_overrides: dict[str, str] = field(default_factory=dict)
    # user-defined link types: name -> {"outward", "inward", "relation", "blocker"}
    link_types: dict[str, dict[str, str]] = field(default_factory=dict)
    commitment_status: str = ""      # [workflow]: empty = the first move into an in-progress status


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
    overrides = {str(k).strip().lower(): str(v) for k, v in raw.get("status_category_overrides", {}).items()}
    bad = sorted({v for v in overrides.values() if v not in STATUS_CATEGORIES})
    if bad:
        raise ConfigError(f"settings.toml [status_category_overrides]: unknown category {bad[0]!r}; use one of {', '.join(STATUS_CATEGORIES)}")
    return Settings(
        status_category_overrides=overrides,
        link_types=_link_types(raw.get("link_types", {})),
        base_url=str(raw.get("tracker", {}).get("base_url", "")).rstrip("/"),
        timezone=str(raw.get("import", {}).get("timezone", "UTC")),
        team_fallback=team_fallback,
        status_categories=status_map,
        default_points=float(raw.get("points", {}).get("default_points", 1.0)),
        plan=_plan_weights(raw.get("plan", {})),
        commitment_status=str(raw.get("workflow", {}).get("commitment_status", "")).strip(),
        azure_team_level=_whole(raw.get("azure_devops", {}).get("team_level", 0), "[azure_devops] team_level"),
    )


def _plan_weights(raw: dict) -> PlanWeights:
    defaults = PlanWeights()
    values = {}
    for name in ("business_items", "late_per_30_days", "defect_interest", "age_per_year"):
        value = raw.get(name, getattr(defaults, name))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"settings.toml [plan] {name} must be a number of at least 0, not {value!r}")
        values[name] = float(value)
    sprints = raw.get("velocity_sprints", defaults.velocity_sprints)
    if isinstance(sprints, bool) or not isinstance(sprints, int) or sprints < 1:
        raise ConfigError(f"settings.toml [plan] velocity_sprints must be a whole number of at least 1, not {sprints!r}")
    return PlanWeights(**values, velocity_sprints=sprints)


def _whole(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"settings.toml {name} must be a whole number of at least 0, not {value!r}")
    return value


LINK_RELATIONS = ("blocks", "relates", "duplicates", "clones")


def _link_types(raw: dict) -> dict[str, dict[str, str]]:
    """[link_types."Name"] tables: outward and inward verbs, relation, and for blocking
    types which end of "A <outward verb> B" must finish first (blocker = "subject" is A)."""
    types = {}
    for name, spec in raw.items():
        where = f"settings.toml [link_types.{_toml_string(str(name))}]"
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: expected a table with outward, inward, relation, blocker")
        relation = str(spec.get("relation", "relates"))
        if relation not in LINK_RELATIONS:
            raise ConfigError(f"{where}: relation must be one of {', '.join(LINK_RELATIONS)}, not {relation!r}")
        blocker = str(spec.get("blocker", "subject"))
        if blocker not in ("subject", "object"):
            raise ConfigError(f"{where}: blocker must be \"subject\" or \"object\", not {blocker!r}")
        types[str(name)] = {"outward": str(spec.get("outward", "")), "inward": str(spec.get("inward", "")),
                            "relation": relation, "blocker": blocker}
    return types


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


def save_base_url(config_dir: Path, base_url: str) -> str:
    """Set [tracker] base_url in settings.toml, keeping every other line and comment; returns
    the stored value (trailing slashes dropped). Must be empty or an http(s) address."""
    value = base_url.strip().rstrip("/")
    if value and not value.lower().startswith(("http://", "https://")):
        raise ConfigError(f"the tracker address must start with https:// (or http://), not {value!r}")
    ensure_config(config_dir)
    path = config_dir / "settings.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    section, written = "", False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        elif section == "[tracker]" and stripped.split("=", 1)[0].strip() == "base_url":
            lines[i], written = f"base_url = {_toml_string(value)}", True
    if not written:
        lines += ["", "[tracker]", f"base_url = {_toml_string(value)}"]
    write_config_file(path, "\n".join(lines) + "\n")
    return load_settings(config_dir).base_url


# ---------------------------------------------------------------- target history
TARGET_HISTORY_FILE = "target_history.toml"
BEGINNING = date(1, 1, 1)


def load_target_history(config_dir: Path) -> list[dict]:
    """Every change of a target, oldest first: {"owner", "effective" (date), "shares" (None =
    the owner used the default from then on)}. Empty when targets were never changed here."""
    path = config_dir / TARGET_HISTORY_FILE
    if not path.exists():
        return []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix or delete it (targets then apply to every period)") from exc
    changes = []
    for entry in raw.get("change", []):
        effective = entry.get("effective")
        if not isinstance(effective, date):
            raise ConfigError(f"{path}: every [[change]] needs effective = YYYY-MM-DD")
        shares = None if entry.get("uses_default") else _check_shares(str(entry.get("owner")), {
            c: entry.get(c, 0.0) for c in CATEGORIES})
        changes.append({"owner": str(entry.get("owner")), "effective": effective, "shares": shares})
    return sorted(changes, key=lambda e: (e["effective"], e["owner"]))


def record_target_change(config_dir: Path, owner: str, previous: dict | None, new: dict | None,
                         effective: date) -> None:
    """Remember that `owner`'s target became `new` (None: the default) from `effective` on;
    the first change of an owner also records what applied before it (`previous`)."""
    changes = load_target_history(config_dir)
    if not any(c["owner"] == owner for c in changes):
        changes.append({"owner": owner, "effective": BEGINNING, "shares": previous})
    changes = [c for c in changes if not (c["owner"] == owner and c["effective"] >= effective)]
    changes.append({"owner": owner, "effective": effective, "shares": new})
    lines = ["# When each target allocation changed (written by TPO Dashboard): a period is measured",
             "# against the target that applied on its last day, so a new target does not rewrite the past.", ""]
    for change in sorted(changes, key=lambda c: (c["effective"], c["owner"])):
        lines += ["[[change]]", f"owner = {_toml_string(change['owner'])}",
                  f"effective = {change['effective'].isoformat()}"]
        if change["shares"] is None:
            lines.append("uses_default = true")
        else:
            total = sum(change["shares"].values()) or 1.0
            lines += [f"{c} = {round(change['shares'].get(c, 0.0) / total, 4)}" for c in CATEGORIES]
        lines.append("")
    write_config_file(config_dir / TARGET_HISTORY_FILE, "\n".join(lines))
