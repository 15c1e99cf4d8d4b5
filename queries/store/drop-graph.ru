# Empty one named graph (used to remove a temporary upload graph after a failure).
# param: graph  iri  the named graph
DELETE { GRAPH ?graph { ?s ?p ?o } } WHERE { GRAPH ?graph { ?s ?p ?o } }
