package dev.o11ydemo.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.o11ydemo.testsupport.ExternalTool;

/**
 * The real TypeScript compiler as a schema checker: a project's own published types (an
 * npm package installed next to the compiler, as {@code .ci/run} does) applied to
 * generated TypeScript files whose values must satisfy them.
 */
final class TypeScriptCheck {

	private TypeScriptCheck() {
	}

	/**
	 * The node_modules folder of the TypeScript compiler, with {@code typesPackage}
	 * installed beside it, or a skipped (outside CI) or failed (in CI) test.
	 */
	static Path nodeModules(String typesPackage) throws IOException {
		ExternalTool tsc = ExternalTool.require("tsc",
				"npm install --prefix <dir> typescript " + typesPackage + ", with <dir>/node_modules/.bin on the PATH");
		// node_modules/.bin/tsc links to node_modules/typescript/bin/tsc.
		Path modules = tsc.executable().toRealPath().getParent().getParent().getParent();
		if (!Files.isDirectory(modules.resolve(typesPackage))) {
			throw new IllegalStateException(typesPackage + " is not installed next to " + tsc.executable()
					+ "; npm install it with typescript (.ci/run does)");
		}
		return modules;
	}

	/**
	 * Writes the tsconfig of a folder of generated files, resolving {@code typesPackage}
	 * from {@code nodeModules}.
	 */
	static void configure(Path work, Path nodeModules, String typesPackage) throws IOException {
		Files.createDirectories(work);
		Files.writeString(work.resolve("tsconfig.json"), """
				{
				  "compilerOptions": {
				    "strict": true, "noEmit": true, "target": "es2022", "module": "commonjs",
				    "moduleResolution": "node", "skipLibCheck": true, "baseUrl": ".",
				    "paths": { "%1$s/*": ["%2$s/%1$s/*"], "%1$s": ["%2$s/%1$s"] }
				  },
				  "include": ["*.ts"]
				}
				""".formatted(typesPackage, nodeModules));
	}

	/** Runs the compiler over every file in {@code work}. */
	static ExternalTool.Result compile(Path work) throws IOException, InterruptedException {
		ExternalTool tsc = ExternalTool.require("tsc", "npm install typescript");
		return tsc.run(null, work, "-p", "tsconfig.json", "--pretty", "false");
	}

}
