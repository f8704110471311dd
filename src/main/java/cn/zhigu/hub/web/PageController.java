package cn.zhigu.hub.web;

import cn.zhigu.hub.api.SecurityConfiguration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The browser pages: the login form, the ops console and the analysts' dashboard. */
@Controller
public class PageController {

    private final PageResources pages;

    public PageController(PageResources pages) {
        this.pages = pages;
    }

    /** Where a user lands: ops on the console, analysts on the dashboard. */
    static String home(Authentication auth) {
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return "/login";
        }
        boolean ops = auth.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + SecurityConfiguration.OPS));
        return ops ? "/ops" : "/dashboard";
    }

    @GetMapping("/")
    public String root(Authentication auth) {
        return "redirect:" + home(auth);
    }

    @GetMapping("/login")
    public Object login(Authentication auth) {
        if (home(auth).equals("/login")) {
            return page("login");
        }
        return "redirect:" + home(auth);
    }

    @GetMapping({"/ops", "/ops/"})
    public ResponseEntity<String> ops() {
        return page("ops");
    }

    @GetMapping({"/dashboard", "/dashboard/"})
    public ResponseEntity<String> dashboard() {
        return page("dashboard");
    }

    private ResponseEntity<String> page(String name) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore()).body(pages.html(name));
    }
}
