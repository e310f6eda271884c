"""The demo workspace: invented Jira exports that tell the stories the dashboard shows."""
