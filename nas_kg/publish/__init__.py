"""Publishing the ontology like an ODK repository: quality checks, HTML docs, release artefacts."""
