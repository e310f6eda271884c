"""The words trackers write that the shared normalisation step reads: status category
names in every supported language, and the known link types. One table each; the step in
`data/normalise.py` loads them next to the user's additions from settings.toml.
"""
from __future__ import annotations

# The export's own status category as written (lower case) -> todo / in_progress / done.
# Jira Cloud's category names in English, Spanish, Portuguese, French, German and Italian,
# Jira REST's statusCategory keys, GitHub's issue states. Entries marked (?) are Jira's
# usual wording as far as we know, not confirmed from a real export in that language.
EXPORT_STATUS_CATEGORIES: dict[str, str] = {
    # English, REST keys, GitHub
    "to do": "todo", "todo": "todo", "new": "todo", "open": "todo", "in_progress": "in_progress",
    "in progress": "in_progress", "indeterminate": "in_progress",
    "done": "done", "complete": "done", "completed": "done", "closed": "done",
    # Spanish (real exports: "Por hacer", "En curso", "Listo")
    "por hacer": "todo", "pendiente": "todo", "tareas por hacer": "todo",
    "en curso": "in_progress", "en progreso": "in_progress",
    "listo": "done", "hecho": "done", "finalizada": "done", "finalizado": "done",
    # Portuguese (?)
    "a fazer": "todo", "itens pendentes": "todo", "pendente": "todo",
    "em andamento": "in_progress", "em progresso": "in_progress",
    "concluído": "done", "concluido": "done", "itens concluídos": "done", "feito": "done",
    # French (?)
    "à faire": "todo", "a faire": "todo", "en cours": "in_progress",
    "terminé": "done", "terminée": "done", "terminé(e)": "done", "fait": "done",
    # German (?)
    "zu erledigen": "todo", "offen": "todo", "in arbeit": "in_progress",
    "in bearbeitung": "in_progress", "fertig": "done", "erledigt": "done",
    # Italian (?)
    "da fare": "todo", "da completare": "todo", "in corso": "in_progress",
    "completato": "done", "completata": "done", "fatto": "done",
}

# name, outward verb, inward verb, relation, blocker. For relation "blocks", blocker says
# which end of "A <outward verb> B" must finish first: "subject" (A, like Blocks) or
# "object" (B, like Dependency: "A depends on B"). Other relations are stored from A to B.
LINK_TYPES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Blocks", "blocks", "is blocked by", "blocks", "subject"),
    ("Dependency", "depends on", "is depended on by", "blocks", "object"),
    ("Dependent", "is a dependency of", "is dependent on", "blocks", "subject"),
    ("Required", "is required by", "requires", "blocks", "subject"),
    ("Cloners", "clones", "is cloned by", "clones", "subject"),
    ("Duplicate", "duplicates", "is duplicated by", "duplicates", "subject"),
    ("Relates", "relates to", "relates to", "relates", "subject"),
    ("Problem/Incident", "causes", "is caused by", "relates", "subject"),
)
