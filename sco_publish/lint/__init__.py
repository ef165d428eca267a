"""The glossary lint, laid out as Vale's: rules as data, a generic engine, reporters that know
only the findings.

- ``model``: the lint's data (``Unit``, ``Hit``, ``Finding``, ``Region``, ``LintResult``);
- ``rules``: the registry (``RULES``: each ``Rule``'s ID, description, default severity and
  check) and ``check_unit``, a loop over it; ``checks``: the checks, one signature each;
- ``sources``: the readers, from catalogs, canonical texts and plain text to units;
- ``engine``: ``lint_paths``, ``severities``, ``project_lint_paths``; ``parts``: large runs
  cut into parts and shared out to processes;
- ``reporters``: ``report_text``, ``report_json``, ``report_github``, ``report_sarif``,
  ``report_junit``; ``positions``: where a finding points in its file.

Nothing is re-exported here: ``settings`` imports ``model`` on every command, and this
package's ``__init__`` must stay as light as that.
"""
