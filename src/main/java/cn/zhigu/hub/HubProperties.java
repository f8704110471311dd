package cn.zhigu.hub;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own settings (prefix {@code hub}); see config/application.yaml. */
@ConfigurationProperties(prefix = "hub")
public class HubProperties {

    /** Root of inbound/, archive/, rejected/ and the embedded store. */
    private Path dataDir = Path.of("./data");
    /** The street code list with Zhigu membership. */
    private Path streetsFile = Path.of("./config/streets.csv");
    /** A batch whose rejected share is above this fraction is rejected whole. */
    private double rejectThreshold = 0.5;
    private List<Target> targets = new ArrayList<>();

    public record Target(String code, String area, int year, BigDecimal value) {}

    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path dataDir) { this.dataDir = dataDir; }
    public Path getStreetsFile() { return streetsFile; }
    public void setStreetsFile(Path streetsFile) { this.streetsFile = streetsFile; }
    public double getRejectThreshold() { return rejectThreshold; }
    public void setRejectThreshold(double rejectThreshold) { this.rejectThreshold = rejectThreshold; }
    public List<Target> getTargets() { return targets; }
    public void setTargets(List<Target> targets) { this.targets = targets; }

    public Path inbound(String feed) { return dataDir.resolve("inbound").resolve(feed); }
    public Path archive(String feed) { return dataDir.resolve("archive").resolve(feed); }
    public Path rejected(String feed) { return dataDir.resolve("rejected").resolve(feed); }
}
