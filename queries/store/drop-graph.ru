# Empty one named graph (used to remove a temporary upload graph after a failure).
# param: graph  iri  the named graph
DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { BIND(?graph AS ?g) GRAPH ?g { ?s ?p ?o } }
