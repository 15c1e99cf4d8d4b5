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

    public static void main(String[] args) throws Exception {
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
                System.err.println("usage: NasKgOwlApi [--catalog FILE]... [--offline] [--save OUT] FILE "
                        + "[--next [--catalog FILE]... [--offline] [--save OUT] FILE]...");
                System.exit(2);
            }
        }
        boolean failed = false;
        for (int n = 0; n < jobs.size(); n++) {
            out("document", String.valueOf(n), jobs.get(n).file.getPath());
            failed |= !run(jobs.get(n));
        }
        System.out.flush();
        System.exit(failed ? 2 : 0);
    }

    /** Load one document with a manager of its own and print its records; return false when it cannot load. */
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
