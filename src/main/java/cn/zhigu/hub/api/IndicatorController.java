package cn.zhigu.hub.api;

import cn.zhigu.hub.indicators.Catalogue;
import cn.zhigu.hub.indicators.Catalogue.Indicator;
import cn.zhigu.hub.indicators.IndicatorValues;
import cn.zhigu.hub.indicators.IndicatorValues.Value;
import cn.zhigu.hub.indicators.Period;
import cn.zhigu.hub.normalise.Streets;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The indicator catalogue and values, as JSON and as CSV. */
@RestController
@RequestMapping({"/api/indicators", UiApi.PATH + "/indicators"})
public class IndicatorController {

    /** Longest series one call returns. */
    static final int MAX_PERIODS = 2000;
    static final String SECTIONS = "ABCDEFGHIJKLMNOPQRST";

    private final IndicatorValues values;
    private final Streets streets;

    public IndicatorController(IndicatorValues values, Streets streets) {
        this.values = values;
        this.streets = streets;
    }

    @GetMapping
    public List<Indicator> catalogue() {
        return Catalogue.all();
    }

    @GetMapping("/{code}/values")
    public Map<String, Object> values(@PathVariable String code, @RequestParam(required = false) String period,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "DISTRICT") String area, @RequestParam(defaultValue = "ALL") String industry) {
        Query q = query(code, period, from, to, area, industry);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", q.indicator.code());
        body.put("unit", q.indicator.unit());
        body.put("values", values.values(q.indicator, q.periods, q.area, q.industry));
        return body;
    }

    @GetMapping(value = "/{code}/values.csv")
    public ResponseEntity<byte[]> csv(@PathVariable String code, @RequestParam(required = false) String period,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "DISTRICT") String area, @RequestParam(defaultValue = "ALL") String industry) {
        Query q = query(code, period, from, to, area, industry);
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append("code,name,unit,period,area,industry,value,target,progress,revision,computedAt\r\n");
        for (Value v : values.values(q.indicator, q.periods, q.area, q.industry)) {
            csv.append(String.join(",", CsvCells.text(q.indicator.code()), CsvCells.text(q.indicator.nameZh()),
                    CsvCells.text(q.indicator.unit()), CsvCells.text(v.period()), CsvCells.text(v.area()),
                    CsvCells.text(v.industry()), CsvCells.number(v.value()), CsvCells.number(v.target()),
                    CsvCells.number(v.progress()), String.valueOf(v.revision()),
                    v.computedAt() == null ? "" : CsvCells.text(v.computedAt().toString())))
                    .append("\r\n");
        }
        String filename = q.indicator.code() + "-" + q.area + "-" + q.industry + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private record Query(Indicator indicator, List<Period> periods, String area, String industry) {}

    private Query query(String code, String period, String from, String to, String area, String industry) {
        for (String[] p : new String[][] {{"period", period}, {"from", from}, {"to", to}, {"area", area},
            {"industry", industry}}) {
            if (p[1] != null && p[1].chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("parameter '" + p[0] + "' holds a control character");
            }
        }
        Indicator indicator = Catalogue.find(code).orElseThrow(() -> ApiException.notFound(
                "unknown indicator '" + code + "'; GET /api/indicators lists the codes"));
        List<Period> periods = periods(period, from, to);
        String a = area.trim().toUpperCase();
        if (a.equals("ALL")) {
            if (!indicator.allArea()) {
                throw ApiException.badRequest(code + " has no value for area ALL; use DISTRICT, ZHIGU or a street code");
            }
        } else if (!a.equals("DISTRICT") && !a.equals("ZHIGU") && streets.byCode(a).isEmpty()) {
            throw ApiException.badRequest("unknown area '" + area + "'; use DISTRICT, ZHIGU, a 9-digit street code"
                    + (indicator.allArea() ? " or ALL" : ""));
        }
        String i = industry.trim().toUpperCase();
        if (!i.equals("ALL")) {
            if (!indicator.byIndustry()) {
                throw ApiException.badRequest(code + " is not broken down by industry; use industry=ALL");
            }
            if (i.length() != 1 || SECTIONS.indexOf(i.charAt(0)) < 0) {
                throw ApiException.badRequest("unknown industry '" + industry
                        + "'; use ALL or a GB/T 4754 section letter A-T");
            }
        }
        return new Query(indicator, periods, a, i);
    }

    private static List<Period> periods(String period, String from, String to) {
        if (period != null) {
            if (from != null || to != null) {
                throw ApiException.badRequest("give either period or from and to, not both");
            }
            return List.of(parse("period", period));
        }
        if (from == null || to == null) {
            throw ApiException.badRequest("give period=P, or from=P1&to=P2 for a series (P as yyyy, yyyy-Qn or yyyy-MM)");
        }
        Period f = parse("from", from);
        Period t = parse("to", to);
        if (f.granularity() != t.granularity()) {
            throw ApiException.badRequest("from '" + from + "' and to '" + to + "' must be of the same granularity");
        }
        if (f.compareTo(t) > 0) {
            throw ApiException.badRequest("from '" + from + "' is after to '" + to + "'");
        }
        List<Period> list = f.through(t);
        if (list.size() > MAX_PERIODS) {
            throw ApiException.badRequest("a series is at most " + MAX_PERIODS + " periods long");
        }
        return list;
    }

    private static Period parse(String name, String text) {
        Period p = Period.parse(text);
        if (p == null || p.year() < 1949 || p.year() > 2099) {
            throw ApiException.badRequest(name + " '" + text + "' is not a period: use yyyy, yyyy-Qn or yyyy-MM"
                    + " (years 1949-2099)");
        }
        return p;
    }
}
