import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/// Prints what the Surefire and Failsafe XML reports given as arguments say was not run: how many
/// tests were skipped, grouped by reason, and the test classes that ran no test at all (a class
/// aborted in `@BeforeAll` says nothing else). Run by bin/test: `java bin/TestSummary.java <report.xml>...`.
public class TestSummary {

    public static void main(String[] args) throws Exception {
        int total = 0;
        int failed = 0;
        Map<String, Integer> skippedByReason = new LinkedHashMap<>();
        Map<String, TreeSet<String>> classesByReason = new TreeMap<>();
        List<String> empty = new ArrayList<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (String path : args) {
            Element suite = factory.newDocumentBuilder().parse(new File(path)).getDocumentElement();
            NodeList cases = suite.getElementsByTagName("testcase");
            if (cases.getLength() == 0) {
                empty.add(suite.getAttribute("name"));
            }
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                total++;
                if (testCase.getElementsByTagName("failure").getLength() > 0
                        || testCase.getElementsByTagName("error").getLength() > 0) {
                    failed++;
                }
                NodeList skipped = testCase.getElementsByTagName("skipped");
                if (skipped.getLength() > 0) {
                    String reason = reason((Element) skipped.item(0));
                    skippedByReason.merge(reason, 1, Integer::sum);
                    classesByReason.computeIfAbsent(reason, r -> new TreeSet<>()).add(testCase.getAttribute("classname"));
                }
            }
        }
        int skippedTotal = skippedByReason.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("Test summary: %d tests in %d reports, %d failed or in error, %d skipped%s%n", total,
                args.length, failed, skippedTotal, skippedTotal == 0 ? "" : ":");
        skippedByReason.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(entry -> System.out.printf("  %5d skipped (%d classes): %s%n", entry.getValue(),
                        classesByReason.get(entry.getKey()).size(), entry.getKey()));
        if (!empty.isEmpty()) {
            System.out.printf("  %d test classes ran no test and gave no reason: %s%n", empty.size(),
                    String.join(", ", empty));
        }
    }

    /// The skip message, else the first line of the aborted test's exception without its class name.
    private static String reason(Element skipped) {
        String message = skipped.getAttribute("message");
        if (message.isBlank()) {
            message = skipped.getTextContent().strip().lines().findFirst().orElse("");
            message = message.replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        }
        return message.isBlank() ? "(no reason given)" : message.strip();
    }
}
