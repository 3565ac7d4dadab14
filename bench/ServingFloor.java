// The floor of bench/serving.sh: the least a JVM server can do for the logistic regression — a bare Javalin
// handler, on the same Javalin, Jetty and Jackson as Gyre's server, doing the model's arithmetic by hand. Run with
// the JDK's source launcher on the distribution's class path:
//
//   java -cp CLASSPATH bench/ServingFloor.java LR.json PORT
//
// LR.json holds the numbers bench/serving_sklearn.py wrote (feature order, Age median, coefficients, intercept,
// classes). POST /predict takes {"records": [{...}]} with one row and answers
// {"predictions": [{"predicted_class": "0", "probabilities": {"0": 0.9, "1": 0.1}}]}, the shape of Gyre's native
// predict route; the body is parsed and the answer written with Jackson, as a real service would. There is no
// input validation, feature pipeline, logging or metering: that is what makes it a floor. Listens on 127.0.0.1.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ServingFloor {

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode lr = mapper.readTree(Path.of(args[0]).toFile());
        int port = Integer.parseInt(args[1]);
        int n = lr.get("features").size();
        String[] features = new String[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            features[i] = lr.get("features").get(i).asText();
            w[i] = lr.get("coefficients").get(i).asDouble();
        }
        double intercept = lr.get("intercept").asDouble();
        double ageMedian = lr.get("age_median").asDouble();
        String negative = lr.get("classes").get(0).asText();
        String positive = lr.get("classes").get(1).asText();

        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            config.routes.post("/predict", ctx -> {
                JsonNode row = mapper.readTree(ctx.bodyInputStream()).get("records").get(0);
                double z = intercept;
                for (int i = 0; i < n; i++) {
                    JsonNode v = row.get(features[i]);
                    double x = v == null || v.isNull() ? ("Age".equals(features[i]) ? ageMedian : Double.NaN)
                            : v.asDouble();
                    z += w[i] * x;
                }
                double p1 = 1 / (1 + Math.exp(-z));
                Map<String, Double> probabilities = new LinkedHashMap<>();
                probabilities.put(negative, 1 - p1);
                probabilities.put(positive, p1);
                Map<String, Object> prediction = new LinkedHashMap<>();
                prediction.put("predicted_class", p1 > 0.5 ? positive : negative);
                prediction.put("probabilities", probabilities);
                ctx.contentType("application/json").result(mapper.writeValueAsBytes(
                        Map.of("predictions", List.of(prediction))));
            });
        }).start();
    }
}
