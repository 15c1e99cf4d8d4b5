// Load ontology documents with the OWL API and report what it read, for nas-kg (nas_kg/publish/owlapi.py).
//
// usage: java -cp OWLAPI_JARS:. NasKgOwlApi [--catalog FILE]... [--offline] [--save OUT] FILE
//                                           [--next [--catalog FILE]... [--offline] [--save OUT] FILE]...
//
// Each document (FILE with the options before it, up to the next --next) is loaded by a manager of its
// own, as if it were the only one: one JVM start, class loading and JIT warm-up serve them all. A
// document that loads to the same ontology as an earlier one of the batch (same ontology and version
// IRI, equal axiom sets, no imports), e.g. one graph in Turtle, RDF/XML, N-Triples and JSON-LD, gets
// that one's profile report and saved RDF/XML: both are functions of the ontology alone, and the
// OWL 2 DL profile check costs more than the load.
// Prints one tab-separated record per line (fields never contain tabs or newlines):
//   document <n> <file>                    opens the records of the n-th document (from 0)
//   owlapi <version>                       the OWL API on the class path
//   format <key>                           the document format it was read as
//   ontology <iri> <version iri>           ("-" when absent)
//   axioms <n> / logical <n>               OWLOntology.getAxiomCount() / getLogicalAxiomCount()
//   triples <n> / unparsed <n>             RDF parser metadata: triples read, triples not understood
//   missing-import <iri> <reason>          only with --offline (otherwise a missing import is an error)
//   violation <type> <entity> <axiom> <message>   one per OWL 2 DL profile violation
//   profile <in|out>
//   error <reason>                         the document cannot be loaded (also on stderr); its last record
// Exit code 0 when every document loaded, 2 when one cannot be loaded or the usage is wrong.
//
// java ... NasKgOwlApi --serve: read batches from standard input, one per line, their arguments separated
// by tabs as above; after each batch's records print "done ok" or "done failed" (a document could not be
// loaded, or the usage is wrong: an "error" record says which); exit when standard input ends. Each batch
// starts the OWL API's naming counters afresh (COUNTERS), so its records are those of a run of its own;
// where they cannot be reset, every batch is answered "done unservable" (run it on its own instead).
//
// Parsers: like Protege and ROBOT, the OWL API's own parsers read Turtle, N-Triples and RDF/XML;
// the Rio (rdf4j) ones are used only for formats the OWL API has no parser of its own for (JSON-LD).
// --catalog maps import IRIs to local files, as Protege's and ROBOT's catalog-v001.xml does.
// --offline sends every other import to a file that does not exist (never to the network) and
// reports it instead of failing. --save writes the ontology as the OWL API loaded it, in RDF/XML.

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.OWLParserFactory;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyID;
import org.semanticweb.owlapi.model.OWLOntologyIRIMapper;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class NasKgOwlApi {
    /** One document to load and the options it is loaded with. */
    private static final class Job {
        final List<File> catalogs = new ArrayList<>();
        boolean offline = false;
        File file = null;
        File save = null;
    }

    /** An ontology checked earlier in the batch: what it holds, its profile records and its saved copy. */
    private static final class Checked {
        final OWLOntologyID id;
        final Set<OWLAxiom> axioms;
        final List<String> records;
        final File saved;

        Checked(OWLOntologyID id, Set<OWLAxiom> axioms, List<String> records, File saved) {
            this.id = id;
            this.axioms = axioms;
            this.records = records;
            this.saved = saved;
        }
    }

    private static final List<Checked> CHECKED = new ArrayList<>();

    /**
     * The OWL API's static counters that name what a document leaves unnamed, and so reach the records: blank
     * nodes (NodeID, the _:genid numbers of profile violations), anonymous ontologies (OWLOntologyID), document
     * IRIs (IRI) and parse errors (OWLRDFConsumer). A served batch starts each where a fresh JVM does, so that its
     * records are the same bytes as a run of its own. Where one of them is missing (another OWL API than 5.1),
     * --serve runs nothing: its batches are answered "unservable".
     */
    private static final String[][] COUNTERS = {
        {"org.semanticweb.owlapi.model.NodeID", "COUNTER"},
        {"org.semanticweb.owlapi.model.OWLOntologyID", "COUNTER"},
        {"org.semanticweb.owlapi.model.IRI", "COUNTER"},
        {"org.semanticweb.owlapi.rdf.rdfxml.parser.OWLRDFConsumer", "ERRORCOUNTER"},
    };
    private static final List<Number> COUNTERS_FOUND = new ArrayList<>();
    private static final List<Long> COUNTERS_FRESH = new ArrayList<>();

    /** Find the counters and note where they start; false when one cannot be read or set. */
    private static boolean findCounters() {
        try {
            for (String[] c : COUNTERS) {
                java.lang.reflect.Field field = Class.forName(c[0]).getDeclaredField(c[1]);
                field.setAccessible(true);
                Object counter = field.get(null);
                if (counter instanceof java.util.concurrent.atomic.AtomicLong) {
                    COUNTERS_FRESH.add(((java.util.concurrent.atomic.AtomicLong) counter).get());
                } else if (counter instanceof java.util.concurrent.atomic.AtomicInteger) {
                    COUNTERS_FRESH.add((long) ((java.util.concurrent.atomic.AtomicInteger) counter).get());
                } else {
                    return false;
                }
                COUNTERS_FOUND.add((Number) counter);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static void resetCounters() {
        for (int i = 0; i < COUNTERS_FOUND.size(); i++) {
            Number counter = COUNTERS_FOUND.get(i);
            long fresh = COUNTERS_FRESH.get(i);
            if (counter instanceof java.util.concurrent.atomic.AtomicLong) {
                ((java.util.concurrent.atomic.AtomicLong) counter).set(fresh);
            } else {
                ((java.util.concurrent.atomic.AtomicInteger) counter).set((int) fresh);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--serve")) {
            serve();
            return;
        }
        List<Job> jobs = parse(args);
        if (jobs == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        boolean failed = batch(jobs);
        System.out.flush();
        System.exit(failed ? 2 : 0);
    }

    private static final String USAGE = "usage: NasKgOwlApi [--catalog FILE]... [--offline] [--save OUT] FILE "
            + "[--next [--catalog FILE]... [--offline] [--save OUT] FILE]...  |  NasKgOwlApi --serve";

    /** The documents of one command line (or one request), or null when the usage is wrong. */
    private static List<Job> parse(String[] args) {
        List<Job> jobs = new ArrayList<>();
        Job job = new Job();
        jobs.add(job);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--catalog") && i + 1 < args.length) {
                job.catalogs.add(new File(args[++i]));
            } else if (args[i].equals("--offline")) {
                job.offline = true;
            } else if (args[i].equals("--save") && i + 1 < args.length) {
                job.save = new File(args[++i]);
            } else if (args[i].equals("--next")) {
                job = new Job();
                jobs.add(job);
            } else {
                job.file = new File(args[i]);
            }
        }
        for (Job j : jobs) {
            if (j.file == null) {
                return null;
            }
        }
        return jobs;
    }

    /** Load the documents of one batch in order; true when one of them could not be loaded. */
    private static boolean batch(List<Job> jobs) throws Exception {
        resetCounters();  // in a served batch: names as in a JVM of the batch's own (COUNTERS)
        CHECKED.clear();  // reuse stays within a batch: an earlier batch's saved copies may be gone
        boolean failed = false;
        try {
            for (int n = 0; n < jobs.size(); n++) {
                out("document", String.valueOf(n), jobs.get(n).file.getPath());
                failed |= !run(jobs.get(n));
            }
        } finally {
            CHECKED.clear();
        }
        return failed;
    }

    /**
     * Serve batches until standard input ends: one request per line, its arguments separated by tabs (the
     * command line's syntax); the records of its documents follow, then "done ok" or "done failed". One
     * JVM start, class loading and JIT warm-up serve every batch of a process (nas_kg/publish/owlapi.py).
     */
    private static void serve() throws Exception {
        boolean servable = findCounters();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            List<Job> jobs = parse(line.isEmpty() ? new String[0] : line.split("\t", -1));
            boolean failed = true;
            if (!servable) {  // a batch here would not read as in a JVM of its own: run each in one
                out("done", "unservable");
                System.out.flush();
                continue;
            } else if (jobs == null) {
                out("error", USAGE);
            } else {
                try {
                    failed = batch(jobs);
                } catch (Exception e) {
                    out("error", e.getClass().getSimpleName() + ": " + clean(String.valueOf(e.getMessage())));
                }
            }
            out("done", failed ? "failed" : "ok");
            System.out.flush();
            System.gc();  // give the batch's ontologies back: the JVM waits, maybe long, for the next one
        }
        System.exit(0);
    }

    private static boolean run(Job job) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        preferOwnParsers(manager);
        Map<String, IRI> mapping = new HashMap<>();
        for (File catalog : job.catalogs) {
            readCatalog(catalog, mapping);
        }
        final boolean noNetwork = job.offline;
        final File nowhere = new File(job.file.getAbsoluteFile().getParentFile(), ".nas-kg-offline-missing-import");
        manager.getIRIMappers().add((OWLOntologyIRIMapper) iri -> {
            IRI local = mapping.get(iri.toString());
            if (local != null) {
                return local;
            }
            return noNetwork ? IRI.create(nowhere) : null;
        });
        OWLOntologyLoaderConfiguration config = manager.getOntologyLoaderConfiguration();
        if (job.offline) {
            config = config.setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
            manager.addMissingImportListener(event ->
                    out("missing-import", event.getImportedOntologyURI().toString(),
                            String.valueOf(event.getCreationException().getMessage())));
        }
        out("owlapi", org.semanticweb.owlapi.util.VersionInfo.getVersionInfo().getVersion());
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(job.file), config);
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + clean(String.valueOf(e.getMessage()));
            System.err.println(reason);
            out("error", reason);
            return false;
        }
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        out("format", format == null ? "-" : format.getKey());
        out("ontology", ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("-"),
                ontology.getOntologyID().getVersionIRI().map(IRI::toString).orElse("-"));
        out("axioms", String.valueOf(ontology.getAxiomCount()));
        out("logical", String.valueOf(ontology.getLogicalAxiomCount()));
        if (format != null) {
            Optional<OWLOntologyLoaderMetaData> meta = format.getOntologyLoaderMetaData();
            if (meta.isPresent() && meta.get() instanceof RDFParserMetaData) {
                RDFParserMetaData rdf = (RDFParserMetaData) meta.get();
                out("triples", String.valueOf(rdf.getTripleCount()));
                out("unparsed", String.valueOf(rdf.getUnparsedTriples().count()));
            }
        }
        boolean alone = ontology.getImportsDeclarations().isEmpty() && manager.getOntologies().size() == 1;
        Checked same = alone ? earlier(ontology) : null;
        List<String> records = same != null ? same.records : profile(ontology);
        for (String line : records) {
            System.out.println(line);
        }
        if (job.save != null) {
            if (same != null && same.saved != null) {
                java.nio.file.Files.copy(same.saved.toPath(), job.save.toPath(),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                manager.saveOntology(ontology, new org.semanticweb.owlapi.formats.RDFXMLDocumentFormat(),
                        IRI.create(job.save.getAbsoluteFile()));
            }
        }
        if (alone && same == null) {
            CHECKED.add(new Checked(ontology.getOntologyID(), ontology.getAxioms(), records, job.save));
        }
        return true;
    }

    /** An ontology of the batch equal to this one (ID and axioms), or null. */
    private static Checked earlier(OWLOntology ontology) {
        for (Checked c : CHECKED) {
            if (c.id.equals(ontology.getOntologyID()) && c.axioms.size() == ontology.getAxiomCount()
                    && c.axioms.equals(ontology.getAxioms())) {
                return c;
            }
        }
        return null;
    }

    /** The OWL 2 DL profile records of an ontology: its violations, sorted, then "profile in|out". */
    private static List<String> profile(OWLOntology ontology) {
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        Set<String> lines = new TreeSet<>();  // sorted, so that the output is the same on every run
        for (OWLProfileViolation v : report.getViolations()) {
            lines.add(String.join("\t", "violation", v.getClass().getSimpleName(), entity(v),
                    clean(String.valueOf(v.getAxiom())), clean(v.toString())));
        }
        List<String> records = new ArrayList<>(lines);
        records.add(String.join("\t", "profile", report.isInProfile() ? "in" : "out"));
        return records;
    }

    /** Drop the Rio parsers for formats the OWL API parses itself, as Protege and ROBOT read them. */
    private static void preferOwnParsers(OWLOntologyManager manager) {
        Set<OWLParserFactory> kept = new java.util.HashSet<>();
        for (OWLParserFactory factory : manager.getOntologyParsers()) {
            String name = factory.getClass().getName();
            if (!name.contains(".rio.") || name.contains("JsonLD") || name.contains("JSONLD")) {
                kept.add(factory);
            }
        }
        manager.setOntologyParsers(kept);
    }

    private static void readCatalog(File catalog, Map<String, IRI> mapping) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList entries = factory.newDocumentBuilder().parse(catalog).getElementsByTagNameNS("*", "uri");
        File folder = catalog.getAbsoluteFile().getParentFile();
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            String uri = entry.getAttribute("uri");
            IRI local;
            if (uri.startsWith("file:")) {
                local = IRI.create(uri);
            } else if (new File(uri).isAbsolute()) {
                local = IRI.create(new File(uri));
            } else {
                local = IRI.create(new File(folder, uri));
            }
            mapping.put(entry.getAttribute("name"), local);
        }
    }

    private static String entity(OWLProfileViolation v) {
        Object expression = v.getExpression();
        if (expression instanceof OWLEntity) {
            return ((OWLEntity) expression).getIRI().toString();
        }
        if (expression instanceof IRI) {
            return expression.toString();
        }
        if (v.getAxiom() != null) {
            for (OWLEntity e : v.getAxiom().getSignature()) {
                return e.getIRI().toString();
            }
        }
        return "-";
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static void out(String... fields) {
        String[] cleaned = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            cleaned[i] = clean(fields[i]);
        }
        System.out.println(String.join("\t", cleaned));
    }
}
