# Replace the target named graph by the temporary one, in one request (one transaction where the store supports it).
# param: temp    iri  the temporary graph the upload went into
# param: target  iri  the named graph to replace
# Template graphs are BIND-ed from the parameters: Virtuoso 7.2 fails on a VALUES-bound variable in an INSERT template.
DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { BIND(?target AS ?g) GRAPH ?g { ?s ?p ?o } } ;
INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { BIND(?target AS ?g) GRAPH ?temp { ?s ?p ?o } } ;
DELETE { GRAPH ?t { ?s ?p ?o } } WHERE { BIND(?temp AS ?t) GRAPH ?t { ?s ?p ?o } }
