package cn.zhigu.hub.indicators;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubProperties.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** 规划目标 from configuration: the nearest target year not before a value's year, and progress to it. */
@Component
public class Targets {

    private final HubProperties props;

    public Targets(HubProperties props) {
        this.props = props;
    }

    public Optional<Target> forValue(String code, String area, String industry, int year) {
        if (!"ALL".equals(industry)) {
            return Optional.empty();
        }
        return props.getTargets().stream()
                .filter(t -> t.code().equals(code) && t.area().equals(area) && t.year() >= year)
                .min(Comparator.comparingInt(Target::year));
    }

    /** value / target × 100, or null without a value. */
    public static BigDecimal progress(BigDecimal value, BigDecimal target) {
        if (value == null || target == null || target.signum() == 0) {
            return null;
        }
        return value.multiply(BigDecimal.valueOf(100)).divide(target, 4, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
