# Replace the default graph by the temporary one, in one request (one transaction where the store supports it).
# param: temp  iri  the temporary graph the upload went into
# Template graphs are BIND-ed from the parameters: Virtuoso 7.2 fails on a VALUES-bound variable in an INSERT template.
DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ;
INSERT { ?s ?p ?o } WHERE { GRAPH ?temp { ?s ?p ?o } } ;
DELETE { GRAPH ?t { ?s ?p ?o } } WHERE { BIND(?temp AS ?t) GRAPH ?t { ?s ?p ?o } }
