// Using a Gyre model inside another JVM application: load a model package once, then predict records in-process,
// with the same input checks and feature transformation as the platform and `gyre serve`. See README.md.
//
//   java -cp "CLASSPATH" Predict.java PACKAGE.zip [FIELD=VALUE ...]
//
// A value that reads as a whole number is passed as a Long, another number as a Double, `true`/`false` as a
// Boolean, an empty value as null (unknown), anything else as text. Without fields, one Titanic passenger is
// predicted.

import dev.gyre.core.GyreException;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.pkg.Signature;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

public class Predict {

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Predict PACKAGE.zip [FIELD=VALUE ...]");
            System.exit(2);
        }
        GyreModel model = GyreModel.load(Path.of(args[0]));   // reads and checks the package; reuse it, it is thread-safe

        System.out.println("inputs:");
        for (Signature.Input input : model.signature().inputs()) {
            System.out.println("  " + input.name() + " (" + input.type().name().toLowerCase()
                    + (input.required() ? ", required" : ", optional") + ")");
        }

        Map<String, Object> record = new LinkedHashMap<>();
        if (args.length == 1) {
            record.putAll(Map.of("Pclass", 1, "Name", "Cumings, Mrs. John Bradley", "Sex", "female", "Age", 38,
                    "SibSp", 1, "Parch", 0, "Fare", 71.2833, "Embarked", "C"));
        }
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("not FIELD=VALUE: " + args[i]);
                System.exit(2);
            }
            record.put(args[i].substring(0, eq), value(args[i].substring(eq + 1)));
        }

        Prediction p;
        try {
            p = model.predict(record);
        } catch (GyreException.InvalidArgument e) {   // names the field, what was wrong and the fix
            System.err.println("refused: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("model: " + p.modelName() + " version " + p.modelVersion());
        if (p.predictedClass() != null) {
            System.out.println("predicted_class: " + p.predictedClass());
            p.probabilities().forEach((c, v) -> System.out.println("probability " + c + ": " + v));
        } else if (p.value() != null) {
            System.out.println("prediction: " + p.value());
        }
        p.notes().forEach(note -> System.out.println("note: " + note));
    }

    static Object value(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException notNumber) {
                return text;
            }
        }
    }
}
