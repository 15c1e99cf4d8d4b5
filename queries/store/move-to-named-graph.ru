# Replace the target named graph by the temporary one, in one request (one transaction where the store supports it).
# param: temp    iri  the temporary graph the upload went into
# param: target  iri  the named graph to replace
DELETE { GRAPH ?target { ?s ?p ?o } } WHERE { GRAPH ?target { ?s ?p ?o } } ;
INSERT { GRAPH ?target { ?s ?p ?o } } WHERE { GRAPH ?temp { ?s ?p ?o } } ;
DELETE { GRAPH ?temp { ?s ?p ?o } } WHERE { GRAPH ?temp { ?s ?p ?o } }
