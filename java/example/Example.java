// A plain program using haven from its JAR and protobuf-java only:
//   java -cp haven.jar:protobuf-java.jar:. Example [host:port]
import io.haven.HavenClient;
import io.haven.ResponseException;
import io.haven.StandaloneConfig;
import java.util.List;

public class Example {
    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : "127.0.0.1:6400";
        StandaloneConfig config = StandaloneConfig.builder(address).requestTimeoutMs(2000).build();
        try (HavenClient client = HavenClient.connect(config).get()) {
            String key = "haven:java:example:" + ProcessHandle.current().pid();
            client.set(key, "hello").get();
            System.out.println("GET " + key + " -> " + client.get(key).get());
            System.out.println("INCR -> " + client.incr(key + ":n").get());
            try {
                client.hget(key, "field").get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof ResponseException)) throw e;
                System.out.println("typed error: " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
            }
            System.out.println("DEL -> " + client.del(key, key + ":n").get());
            System.out.println("MGET -> " + client.mget(List.of(key).toArray(new String[0])).get());
        }
        System.out.println("example: ok");
    }
}
