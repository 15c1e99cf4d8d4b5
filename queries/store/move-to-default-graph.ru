# Replace the default graph by the temporary one, in one request (one transaction where the store supports it).
# param: temp  iri  the temporary graph the upload went into
DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ;
INSERT { ?s ?p ?o } WHERE { GRAPH ?temp { ?s ?p ?o } } ;
DELETE { GRAPH ?temp { ?s ?p ?o } } WHERE { GRAPH ?temp { ?s ?p ?o } }
