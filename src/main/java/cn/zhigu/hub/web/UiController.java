package cn.zhigu.hub.web;

import cn.zhigu.hub.api.SecurityConfiguration;
import cn.zhigu.hub.api.UiApi;
import cn.zhigu.hub.normalise.Street;
import cn.zhigu.hub.normalise.Streets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What only the pages need: who is logged in, and the areas and industry sections to choose from. */
@RestController
@RequestMapping(UiApi.PATH)
public class UiController {

    /** GB/T 4754-2017 sections (门类). */
    static final String[][] SECTIONS = {
        {"A", "农、林、牧、渔业"}, {"B", "采矿业"}, {"C", "制造业"}, {"D", "电力、热力、燃气及水生产和供应业"},
        {"E", "建筑业"}, {"F", "批发和零售业"}, {"G", "交通运输、仓储和邮政业"}, {"H", "住宿和餐饮业"},
        {"I", "信息传输、软件和信息技术服务业"}, {"J", "金融业"}, {"K", "房地产业"}, {"L", "租赁和商务服务业"},
        {"M", "科学研究和技术服务业"}, {"N", "水利、环境和公共设施管理业"}, {"O", "居民服务、修理和其他服务业"},
        {"P", "教育"}, {"Q", "卫生和社会工作"}, {"R", "文化、体育和娱乐业"}, {"S", "公共管理、社会保障和社会组织"},
        {"T", "国际组织"}};

    private final Streets streets;

    public UiController(Streets streets) {
        this.streets = streets;
    }

    @GetMapping("/me")
    public Map<String, Object> me(Authentication auth) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", auth.getName());
        m.put("ops", auth.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + SecurityConfiguration.OPS)));
        return m;
    }

    /** The areas (ZHIGU, DISTRICT, each street with its name) and the industry sections. */
    @GetMapping("/dimensions")
    public Map<String, Object> dimensions() {
        List<Map<String, Object>> areas = new ArrayList<>();
        areas.add(area("ZHIGU", "中科武大·智谷", "Zhigu zone", true));
        areas.add(area("DISTRICT", "武昌区", "Wuchang District", false));
        for (Street s : streets.all()) {
            areas.add(area(s.code(), s.name(), s.pinyin(), s.zhigu()));
        }
        List<Map<String, String>> sections = new ArrayList<>();
        for (String[] s : SECTIONS) {
            sections.add(Map.of("code", s[0], "nameZh", s[1]));
        }
        return Map.of("areas", areas, "sections", sections);
    }

    private static Map<String, Object> area(String code, String zh, String en, boolean zhigu) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("nameZh", zh);
        m.put("nameEn", en);
        m.put("zhigu", zhigu);
        return m;
    }
}
