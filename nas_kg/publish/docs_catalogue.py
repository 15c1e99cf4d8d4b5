"""Generate README's query catalogue from the `# purpose` and `# param:` lines of queries/*.rq.

python -m nas_kg.publish.docs_catalogue          # print the Markdown table
"""

from __future__ import annotations

import sys

from nas_kg.queries import catalogue


def query_catalogue_markdown() -> str:
    """Return the Markdown table of the canned queries, their purpose and parameters."""
    lines = ["| query | purpose | parameters |", "|---|---|---|"]
    for query in catalogue().values():
        params = "<br>".join(f"`{p.name}` ({p.kind}): {p.description}" for p in query.params) or "none"
        lines.append(f"| `{query.name}` | {query.purpose} | {params} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(query_catalogue_markdown())
