"""The column names Jira writes in a CSV export, in every language we read.

Jira writes the CSV header in the exporting user's language. Each field lists its names,
lower case with single spaces, English first. Sources: "es" names are from real Spanish
Jira Cloud exports (the header quoted in issue 9: Resumen, Clave de incidencia, ID de la
incidencia, Tipo de Incidencia, Estado, Creada, Actualizada, Resuelta, Etiquetas, Sprint,
Enlace de incidencia saliente (...), Enlace a la incidencia interna (...), Campo
personalizado (...), Categoría de estado, Principal, Clave principal; plus Prioridad and
Persona asignada seen in public scripts reading such exports), "fr" Clé de ticket / Clé de
projet and "de" Vorgangsschlüssel likewise. Names in UNCONFIRMED are Jira's UI wording
as we know it but not yet seen in a real export: they can only fail to match, never
misread a column, and are kept apart so a real export can confirm or correct them.
"""
from __future__ import annotations

CONFIRMED: dict[str, tuple[str, ...]] = {
    "key": ("issue key", "clave de incidencia", "clé de ticket", "vorgangsschlüssel"),
    "issue_id": ("issue id", "id de la incidencia"),
    "project": ("project key", "clé de projet"),
    "issue_type": ("issue type", "tipo de incidencia"),
    "summary": ("summary", "resumen"),
    "status": ("status", "estado"),
    "status_category": ("status category", "categoría de estado"),
    "priority": ("priority", "prioridad"),
    "resolution": ("resolution",),
    "created": ("created", "creada"),
    "updated": ("updated", "actualizada"),
    "resolved": ("resolved", "resuelta"),
    "due": ("due date", "due"),
    "assignee": ("assignee", "persona asignada"),
    "reporter": ("reporter",),
    "team": ("custom field (team)", "team"),
    "epic_link": ("custom field (epic link)", "epic link"),
    "parent_key": ("parent key", "clave principal"),
    "parent": ("parent", "principal"),
    "parent_id": ("parent id",),
    "points": ("custom field (story points)", "story points"),
    "points_estimate": ("custom field (story point estimate)", "story point estimate"),
    "labels": ("labels", "etiquetas"),
    "components": ("component/s", "components"),
    "fix_versions": ("fix version/s", "fix versions", "fix version"),
    "sprints": ("sprint", "sprints", "custom field (sprint)"),
    # a status-transition log (one row per status change)
    "change_date": ("status change date",),
    "changed_to": ("status changed to",),
    "changed_from": ("status changed from",),
}

UNCONFIRMED: dict[str, tuple[str, ...]] = {
    "key": ("chave do item", "chiave ticket"),
    "issue_id": ("id do item", "id de ticket", "vorgangs-id", "id ticket"),
    "project": ("clave de proyecto", "projektschlüssel", "chave do projeto", "chiave progetto"),
    "issue_type": ("tipo de item", "type de ticket", "vorgangstyp", "tipo ticket"),
    "summary": ("resumo", "résumé", "zusammenfassung", "riepilogo"),
    "status": ("état", "stato"),
    "status_category": ("categoria de status", "catégorie d'état", "statuskategorie", "categoria di stato"),
    "priority": ("prioridade", "priorité", "priorität", "priorità"),
    "resolution": ("resolución", "resolução", "résolution", "lösung", "risoluzione"),
    "created": ("criado", "création", "erstellt", "creato"),
    "updated": ("atualizado", "mise à jour", "aktualisiert", "aggiornato"),
    "resolved": ("resolvido", "résolue", "erledigt", "risolto"),
    "due": ("fecha de vencimiento", "data de entrega", "date d'échéance", "fälligkeitsdatum", "data di scadenza"),
    "assignee": ("responsável", "responsable", "bearbeiter", "assegnatario"),
    "reporter": ("informador", "relator", "rapporteur", "autor", "autore"),
    "labels": ("rótulos", "étiquettes", "stichwörter", "etichette"),
    "components": ("componentes", "composants", "komponenten", "componenti"),
    "fix_versions": ("versiones de corrección", "versões corrigidas", "versions corrigées",
                     "lösungsversion/en", "versioni correzione"),
    "parent": ("übergeordnet",),
}

# "<prefix> (Name)" is a custom field in every language: read as "custom field (name)".
CUSTOM_FIELD_PREFIXES = ("custom field", "campo personalizado", "campo personalizzato",
                         "champ personnalisé", "benutzerdefiniertes feld")

# Issue link columns: "<outward words> (Link type)" and "<inward words> (Link type)".
# English and Spanish only: the other languages' link headers are not confirmed yet.
LINK_HEADER_WORDS = {
    "outward": ("outward issue link", "enlace de incidencia saliente"),
    "inward": ("inward issue link", "enlace a la incidencia interna"),
}


def field_names() -> dict[str, tuple[str, ...]]:
    """Every field's names, confirmed ones first."""
    fields = dict(CONFIRMED)
    for fld, names in UNCONFIRMED.items():
        fields[fld] = fields.get(fld, ()) + names
    return fields
