"""The glossary lint: findings (model), checks (rules), sources (what is checked), reporters (output)."""
