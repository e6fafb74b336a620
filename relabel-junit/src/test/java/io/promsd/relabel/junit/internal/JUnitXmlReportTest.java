package io.promsd.relabel.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The JUnit XML report against what the Ant JUnit schema (windyroad JUnit.xsd, the reference CI
 * tools follow) requires: on each testsuite the attributes name, tests, failures, errors, time,
 * timestamp (ISO 8601, no zone), hostname, id, package and the elements properties, testcase*,
 * system-out, system-err in that order; on testcase name, classname, time; on failure and error a
 * type (and here a message). The testsuites root carries the totals, as Jenkins and GitLab read.
 */
class JUnitXmlReportTest {
  @TempDir Path dir;

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  static void hasAttributes(Element e, String... names) {
    for (String n : names) {
      assertThat(e.hasAttribute(n)).as("<%s> has %s", e.getTagName(), n).isTrue();
    }
  }

  @Test
  void everyRequiredElementAndAttribute() throws Exception {
    List<RelabelSuiteResult> suites =
        List.of(
            RelabelTestRunner.run(Examples.passing().get(0), n -> true),
            RelabelTestRunner.run(Examples.failing(), n -> true),
            RelabelTestRunner.run(Path.of("missing.test.yml"), n -> true));
    Document doc = parse(JUnitXmlReport.render(suites, "ci-runner-1"));

    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    hasAttributes(root, "name", "tests", "failures", "errors", "skipped", "time");
    assertThat(root.getAttribute("tests")).isEqualTo("12"); // 6 + 5 + 1 for the invalid file
    assertThat(root.getAttribute("failures")).isEqualTo("4");
    assertThat(root.getAttribute("errors")).isEqualTo("1");
    assertThat(root.getAttribute("skipped")).isEqualTo("0");

    List<Element> ts = children(root);
    assertThat(ts).hasSize(3).allMatch(e -> e.getTagName().equals("testsuite"));
    for (int i = 0; i < ts.size(); i++) {
      Element s = ts.get(i);
      hasAttributes(
          s,
          "name",
          "tests",
          "failures",
          "errors",
          "skipped",
          "time",
          "timestamp",
          "hostname",
          "id",
          "package");
      assertThat(s.getAttribute("id")).isEqualTo(String.valueOf(i));
      assertThat(s.getAttribute("hostname")).isEqualTo("ci-runner-1");
      assertThat(s.getAttribute("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
      assertThat(s.getAttribute("time")).matches("\\d+\\.\\d{3}");
      List<Element> parts = children(s);
      assertThat(parts.get(0).getTagName()).isEqualTo("properties");
      assertThat(parts.get(parts.size() - 2).getTagName()).isEqualTo("system-out");
      assertThat(parts.get(parts.size() - 1).getTagName()).isEqualTo("system-err");
      List<Element> cases = parts.subList(1, parts.size() - 2);
      assertThat(cases).allMatch(e -> e.getTagName().equals("testcase"));
      assertThat(s.getAttribute("tests")).isEqualTo(String.valueOf(cases.size()));
      for (Element c : cases) {
        hasAttributes(c, "name", "classname", "time");
        assertThat(c.getAttribute("classname")).isEqualTo(s.getAttribute("name"));
        assertThat(c.getAttribute("time")).matches("\\d+\\.\\d{3}");
        for (Element outcome : children(c)) {
          assertThat(outcome.getTagName()).isIn("failure", "error");
          hasAttributes(outcome, "message", "type");
        }
      }
    }

    Element passing = ts.get(0);
    assertThat(passing.getAttribute("name")).isEqualTo(Examples.passing().get(0).toString());
    assertThat(passing.getAttribute("failures")).isEqualTo("0");
    assertThat(children(passing).get(1).getAttribute("name"))
        .isEqualTo("a URL is probed through the exporter");
    assertThat(children(children(passing).get(1))).isEmpty();

    Element failing = ts.get(1);
    assertThat(failing.getAttribute("tests")).isEqualTo("5");
    assertThat(failing.getAttribute("failures")).isEqualTo("4");
    assertThat(failing.getAttribute("errors")).isEqualTo("0");
    Element hostCase = children(failing).get(4);
    assertThat(hostCase.getAttribute("name"))
        .isEqualTo("host is the short name and the datacenter stays");
    Element failure = children(hostCase).get(0);
    assertThat(failure.getTagName()).isEqualTo("failure");
    assertThat(failure.getAttribute("message"))
        .isEqualTo("output differs from the expected labels");
    assertThat(failure.getAttribute("type")).isEqualTo("RelabelTestFailure");
    assertThat(failure.getTextContent())
        .startsWith("output differs from the expected labels\n")
        .contains("\n  changed: host=\"db-2\" -> \"db-2.example.com\"\n")
        .contains("  #4 labeldrop names =~ `datacenter` => -datacenter=\"fra1\"\n");

    Element invalid = ts.get(2);
    assertThat(invalid.getAttribute("errors")).isEqualTo("1");
    Element error = children(children(invalid).get(1)).get(0);
    assertThat(error.getTagName()).isEqualTo("error");
    assertThat(error.getAttribute("message"))
        .isEqualTo("open missing.test.yml: no such file or directory");
    assertThat(error.getAttribute("type")).isEqualTo("ConfigException");
  }

  @Test
  void writesAFileThatParses() throws Exception {
    Path out = dir.resolve("report.xml");
    JUnitXmlReport.write(List.of(RelabelTestRunner.run(Examples.failing(), n -> true)), out);
    String xml = Files.readString(out);
    assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ");
    assertThat(parse(xml).getDocumentElement().getAttribute("failures")).isEqualTo("4");
  }

  @Test
  void escapesMarkupAndCharactersXmlCannotHold() throws Exception {
    assertThat(JUnitXmlReport.escape("a<b>&\"c\"\n\td\u0001e\uD800"))
        .isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;&#10;&#9;d\uFFFDe\uFFFD");
    assertThat(JUnitXmlReport.text("x\ny")).isEqualTo("x\ny");
    assertThat(JUnitXmlReport.escape("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
    RelabelTestFile f =
        RelabelTestFile.parse(
            """
            relabel_configs: []
            tests:
              - {name: "<odd> & \\"name\\" \\u0001", input: {a: "x\\u0002"}, output: {}}
            """,
            Path.of("t.yml"));
    String xml = JUnitXmlReport.render(List.of(f.run(n -> true)), "localhost");
    Element c = children(children(parse(xml).getDocumentElement()).get(0)).get(1);
    assertThat(c.getAttribute("name")).isEqualTo("<odd> & \"name\" \uFFFD");
    assertThat(children(c).get(0).getTextContent()).contains("added:   a=\"x\\x02\"");
  }
}
