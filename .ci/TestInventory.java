import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * After the full tier (bash .ci/run): every test class in the tree ran in some tier, and no test was skipped
 * unless .ci/allowed-skips names its class with the reason. A class left out of every tier, or a test that
 * skipped itself in CI, would otherwise stop running unnoticed. Run from the repository root:
 * java .ci/TestInventory.java
 */
public class TestInventory {

	private static final Pattern SUITE = Pattern.compile("<testsuite [^>]*name=\"([^\"]+)\"");

	private static final Pattern CASE = Pattern.compile("(?s)<testcase [^>]*classname=\"([^\"]+)\"[^>]*?(/>|>(.*?)</testcase>)");

	public static void main(String[] args) throws IOException {
		Path root = Path.of(".");
		Set<String> inTree = new TreeSet<>();
		Set<String> ran = new TreeSet<>();
		Map<String, Integer> skipped = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String path = file.toString();
				if (path.contains("/.git/") || path.contains("/node_modules/")) {
					continue;
				}
				if (path.contains("/src/test/java/") && path.endsWith("Tests.java")) {
					String source = Files.readString(file);
					if (!source.contains("abstract class") && source.matches("(?s).*@(Test|ParameterizedTest)\\b.*")) {
						String name = path.substring(path.indexOf("/src/test/java/") + "/src/test/java/".length());
						inTree.add(name.substring(0, name.length() - ".java".length()).replace('/', '.'));
					}
				}
				else if (path.matches(".*/target/(surefire|failsafe)-reports/TEST-.*\\.xml")) {
					String report = Files.readString(file);
					Matcher suite = SUITE.matcher(report);
					if (suite.find()) {
						ran.add(outer(suite.group(1)));
					}
					Matcher testCase = CASE.matcher(report);
					while (testCase.find()) {
						if (testCase.group(3) != null && testCase.group(3).contains("<skipped")) {
							skipped.merge(outer(testCase.group(1)), 1, Integer::sum);
						}
					}
				}
			}
		}
		Map<String, String> allowed = new TreeMap<>();
		for (String line : Files.readAllLines(root.resolve(".ci/allowed-skips"))) {
			if (!line.isBlank() && !line.startsWith("#")) {
				String[] parts = line.trim().split("\\s+", 2);
				allowed.put(parts[0], parts.length > 1 ? parts[1] : "");
			}
		}
		List<String> problems = new ArrayList<>();
		for (String test : inTree) {
			if (!ran.contains(test)) {
				problems.add(test + " ran in no tier");
			}
		}
		skipped.forEach((test, count) -> {
			if (!allowed.containsKey(test.substring(test.lastIndexOf('.') + 1))) {
				problems.add(test + " skipped " + count + " test(s); only .ci/allowed-skips may skip in CI");
			}
		});
		System.out.printf("ci: %d test classes in the tree, %d ran, %d skipped tests (%s)%n", inTree.size(), ran.size(),
				skipped.values().stream().mapToInt(Integer::intValue).sum(), skipped.keySet());
		if (inTree.isEmpty() || !problems.isEmpty()) {
			problems.forEach((problem) -> System.out.println("ci: " + problem));
			System.exit(1);
		}
	}

	private static String outer(String className) {
		int nested = className.indexOf('$');
		return nested < 0 ? className : className.substring(0, nested);
	}

}
