package dev.deephavencdi.examples.jakartaee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The BOM has no parent (see its pom), so its versions are its own: they must be those the project builds with. */
class BomAlignmentTest {

    @Test
    void theBomPinsTheVersionsTheProjectIsBuiltWith() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Map<String, String> bom = properties(root.resolve("bom/pom.xml"));
        Map<String, String> project = properties(root.resolve("pom.xml"));

        assertThat(bom).isNotEmpty();
        bom.forEach((name, version) -> assertThat(project.get(name)).as("root pom property %s", name)
                .isEqualTo(version));
        assertThat(textOf(root.resolve("bom/pom.xml"), "version")).isEqualTo(textOf(root.resolve("pom.xml"),
                "version"));
    }

    private static Map<String, String> properties(Path pom) throws Exception {
        Map<String, String> properties = new TreeMap<>();
        NodeList blocks = parse(pom).getDocumentElement().getElementsByTagName("properties");
        NodeList children = blocks.item(0).getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element property) {
                properties.put(property.getTagName(), property.getTextContent().strip());
            }
        }
        return properties;
    }

    /** @return the text of a direct child of the project element */
    private static String textOf(Path pom, String tag) throws Exception {
        for (Node child = parse(pom).getDocumentElement().getFirstChild(); child != null;
                child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(tag)) {
                return element.getTextContent().strip();
            }
        }
        throw new AssertionError(pom + " has no <" + tag + ">");
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }
}
